package dev.tcpwrap.core.options;

/**
 * One option of a rule, parsed and validated.
 *
 * @param kind which option
 * @param keyword the option name as written (tcpdmatch prints it so)
 * @param value the value as written, before {@code %} expansion, or null
 */
public record Option(OptionKind kind, String keyword, String value) {

  /** tcpdmatch's {@code option:} text, without expansion. */
  @Override
  public String toString() {
    return keyword + " " + (value == null ? "" : value);
  }
}
