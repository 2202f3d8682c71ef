package dev.tcpwrap.core.action;

import dev.tcpwrap.core.text.RuleText;
import java.util.Locale;

/**
 * A syslog priority as the {@code severity [facility.]level} option gives it, for the line tcpd
 * logs about the connection ({@code connect from ...}, {@code refused connect from ...}, {@code
 * twist ... to ...}).
 *
 * <p>tcpd's defaults are {@link #ALLOWED} ({@code daemon.info}) and {@link #REFUSED} ({@code
 * daemon.warning}); a {@code severity} option sets both (libwrap's {@code allow_severity =
 * deny_severity = ...}). Names are case-insensitive (ASCII); without a facility the log's own
 * facility is used, which is tcpd's {@code daemon} ({@link #explicitFacility()} tells the two
 * apart).
 *
 * @param facility the facility ({@link Facility#DAEMON} when none was given)
 * @param level the level
 * @param explicitFacility whether the option named the facility
 */
public record Severity(Facility facility, Level level, boolean explicitFacility) {

  /** tcpd's {@code allow_severity}: {@code daemon.info}. */
  public static final Severity ALLOWED = new Severity(Facility.DAEMON, Level.INFO, false);

  /** tcpd's {@code deny_severity}: {@code daemon.warning}. */
  public static final Severity REFUSED = new Severity(Facility.DAEMON, Level.WARNING, false);

  /** syslog facilities, with their codes (facility number, not yet shifted by 3). */
  public enum Facility {
    KERN(0),
    USER(1),
    MAIL(2),
    DAEMON(3),
    AUTH(4),
    LPR(6),
    NEWS(7),
    UUCP(8),
    CRON(9),
    LOCAL0(16),
    LOCAL1(17),
    LOCAL2(18),
    LOCAL3(19),
    LOCAL4(20),
    LOCAL5(21),
    LOCAL6(22),
    LOCAL7(23);

    private final int code;

    Facility(int code) {
      this.code = code;
    }

    /** The facility number ({@code LOG_DAEMON >> 3} = 3). */
    public int code() {
      return code;
    }

    /** The name as written in rules, lower case. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** syslog levels, most severe first, with their codes. */
  public enum Level {
    EMERG,
    ALERT,
    CRIT,
    ERR,
    WARNING,
    NOTICE,
    INFO,
    DEBUG;

    /** The level number ({@code LOG_EMERG} = 0 ... {@code LOG_DEBUG} = 7). */
    public int code() {
      return ordinal();
    }

    /** The name as written in rules, lower case. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this level is at least as severe as {@code other}. */
    public boolean atLeast(Level other) {
      return ordinal() <= other.ordinal();
    }
  }

  /**
   * Parses a {@code severity} value ({@code info}, {@code local3.notice}, {@code AUTH.CRIT}); split
   * at the first dot as libwrap does.
   *
   * @throws IllegalArgumentException with libwrap's message {@code bad syslog facility or severity:
   *     "x"}
   */
  public static Severity parse(String value) {
    if (value == null) {
      throw new IllegalArgumentException("bad syslog facility or severity: \"\"");
    }
    int dot = RuleText.splitAt(value, 0, '.');
    if (dot < 0) {
      return new Severity(Facility.DAEMON, level(value), false);
    }
    Facility f = facility(value.substring(0, dot));
    return new Severity(f, level(value.substring(dot + 1)), true);
  }

  /** The severity of a value, or null when it is not one. */
  public static Severity tryParse(String value) {
    try {
      return parse(value);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static Facility facility(String name) {
    for (Facility f : Facility.values()) {
      if (asciiEqualsIgnoreCase(f.label(), name)) {
        return f;
      }
    }
    throw bad(name);
  }

  private static Level level(String name) {
    for (Level l : Level.values()) {
      if (asciiEqualsIgnoreCase(l.label(), name)) {
        return l;
      }
    }
    throw bad(name);
  }

  private static IllegalArgumentException bad(String name) {
    return new IllegalArgumentException(
        "bad syslog facility or severity: \"" + RuleText.printable(name) + "\"");
  }

  private static boolean asciiEqualsIgnoreCase(String lower, String s) {
    return RuleText.equalsIgnoreCase(lower, s);
  }

  /** The syslog priority number: {@code facility << 3 | level} ({@code daemon.info} = 30). */
  public int priority() {
    return facility.code() << 3 | level.code();
  }

  /** {@code daemon.info}. */
  @Override
  public String toString() {
    return facility.label() + "." + level.label();
  }
}
