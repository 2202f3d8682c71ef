package dev.tcpwrap.core.resolve;

/**
 * The outcome of a verified reverse lookup, in tcp_wrappers' three states.
 *
 * @param name the verified host name, or {@code unknown} (no name) or {@code paranoid} (the name
 *     does not map back to the address)
 * @param warning the libwrap warning explaining a {@code paranoid} result, or null
 */
public record HostName(String name, String warning) {

  /** libwrap's {@code STRING_UNKNOWN}. */
  public static final String UNKNOWN_NAME = "unknown";

  /** libwrap's {@code STRING_PARANOID}. */
  public static final String PARANOID_NAME = "paranoid";

  /** No name could be found (no PTR record, lookup failure or timeout). */
  public static final HostName UNKNOWN = new HostName(UNKNOWN_NAME, null);

  /** A verified name. */
  public static HostName known(String name) {
    return new HostName(name, null);
  }

  /** True for a verified name, false for {@code unknown} and {@code paranoid}. */
  public boolean isKnown() {
    return !name.equalsIgnoreCase(UNKNOWN_NAME) && !name.equalsIgnoreCase(PARANOID_NAME);
  }

  /** A name that failed verification, with the reason libwrap logs. */
  public static HostName paranoid(String warning) {
    return new HostName(PARANOID_NAME, warning);
  }

  /**
   * Whether {@code name} has the form of a host name: letters, digits, {@code -}, {@code .} and
   * {@code _} only (the underscore, which glibc also refuses, is let through because real reverse
   * zones use it), not empty.
   */
  public static boolean wellFormed(String name) {
    if (name == null || name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '.'
              || c == '_'
              || c == ':';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
