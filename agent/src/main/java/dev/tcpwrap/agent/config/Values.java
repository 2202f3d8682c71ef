package dev.tcpwrap.agent.config;

import dev.tcpwrap.agent.log.LogTarget;
import dev.tcpwrap.agent.log.Text;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validation and conversion of raw setting values; every failure is a one-line {@link
 * ConfigException}.
 */
final class Values {

  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s)");

  private Values() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /**
   * @return the index of the value among the allowed spellings (case-insensitive)
   */
  static int choice(Setting s, String... allowed) throws ConfigException {
    for (int i = 0; i < allowed.length; i++) {
      if (allowed[i].equalsIgnoreCase(s.value().trim())) {
        return i;
      }
    }
    throw bad(s, "expected one of " + String.join(", ", allowed));
  }

  /**
   * @return a duration written as {@code 500ms} or {@code 2s}, within bounds
   */
  static Duration duration(Setting s, Duration min, Duration max) throws ConfigException {
    return duration(s, min, max, null);
  }

  /**
   * @return a duration written as {@code 500ms} or {@code 2s}, within bounds; {@code alternative}
   *     names others
   */
  static Duration duration(Setting s, Duration min, Duration max, String alternative)
      throws ConfigException {
    Matcher m = DURATION.matcher(s.value().trim());
    String or = alternative == null ? "" : " " + alternative;
    if (!m.matches()) {
      throw bad(s, "expected a duration such as 500ms or 2s" + or);
    }
    long n = Long.parseLong(m.group(1));
    Duration d = m.group(2).equals("ms") ? Duration.ofMillis(n) : Duration.ofSeconds(n);
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw bad(
          s,
          "expected a duration between " + min.toMillis() + "ms and " + max.toSeconds() + "s" + or);
    }
    return d;
  }

  /**
   * @return a size in bytes ({@code 4096}, {@code 512k}, {@code 64m}, {@code 1g}) within {@code
   *     min..max}
   */
  static long size(Setting s, long min, long max) throws ConfigException {
    String v = s.value().trim().toLowerCase(java.util.Locale.ROOT);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,12})([kmg]?)").matcher(v);
    long n = -1;
    if (m.matches()) {
      int shift =
          switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            default -> 0;
          };
      long base = Long.parseLong(m.group(1));
      n = base > (Long.MAX_VALUE >> shift) ? -1 : base << shift;
    }
    if (n < min || n > max) {
      throw bad(s, "expected a size between " + min + " bytes and " + (max >> 30) + "g, e.g. 64m");
    }
    return n;
  }

  /**
   * @return a decimal integer within {@code min..max}
   */
  static int integer(Setting s, int min, int max) throws ConfigException {
    String v = s.value().trim();
    if (!v.matches("\\d{1,9}") || Integer.parseInt(v) < min || Integer.parseInt(v) > max) {
      throw bad(s, "expected a whole number between " + min + " and " + max);
    }
    return Integer.parseInt(v);
  }

  /**
   * @return a daemon name: non-empty, no white space, no control characters
   */
  static String name(Setting s) throws ConfigException {
    String v = s.value().trim();
    if (v.isEmpty() || v.chars().anyMatch(c -> c <= ' ' || c == 0x7f || c == ',')) {
      throw bad(s, "expected a name without spaces, commas or control characters");
    }
    return v;
  }

  /**
   * @return a TCP port number of a {@code daemon.PORT} key
   */
  static int port(String key, String text, Setting s) throws ConfigException {
    if (!text.matches("\\d{1,5}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > 65535) {
      throw new ConfigException(
          "bad configuration key '"
              + escape(key)
              + "' ("
              + s.source()
              + "): expected daemon.PORT with PORT in 1..65535");
    }
    return Integer.parseInt(text);
  }

  /** Checks that a value is not empty. */
  static void nonEmpty(Setting s) throws ConfigException {
    if (s.value().trim().isEmpty()) {
      throw bad(s, "expected a non-empty value");
    }
  }

  /**
   * @return the log destination of a {@code log=} value
   */
  static LogTarget logTarget(Setting s) throws ConfigException {
    try {
      return LogTarget.parse(s.value());
    } catch (IllegalArgumentException e) {
      throw bad(s, e.getMessage());
    }
  }

  /**
   * @return text safe for a one-line message
   */
  static String escape(String s) {
    return Text.escape(s);
  }

  private static ConfigException bad(Setting s, String expected) {
    return new ConfigException(
        "bad value '" + escape(s.value()) + "' (" + s.source() + "): " + expected);
  }
}
