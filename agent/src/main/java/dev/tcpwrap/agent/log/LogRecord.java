package dev.tcpwrap.agent.log;

/**
 * One queued log line, formatted only by the writer thread.
 *
 * @param millis when it happened ({@code System.currentTimeMillis()})
 * @param level its severity for {@code log-level}
 * @param priority its syslog priority ({@code facility << 3 | level}): tcpd's {@code daemon.info}
 *     or {@code daemon.warning}, or what a rule's {@code severity} option says
 * @param daemon the daemon name of an access line, or {@code null} for a diagnostic
 * @param message the text, already escaped
 */
public record LogRecord(long millis, LogLevel level, int priority, String daemon, String message) {

  /** The tag of the agent's own diagnostics. */
  public static final String AGENT_TAG = "tcpwrap";

  /** syslog's {@code LOG_DAEMON} facility number, tcpd's (before the shift by 3). */
  public static final int DAEMON_FACILITY = 3;

  /**
   * A record at tcpd's priority for its level: facility {@code daemon}, {@link
   * LogLevel#syslogLevel}.
   */
  public LogRecord(long millis, LogLevel level, String daemon, String message) {
    this(millis, level, DAEMON_FACILITY << 3 | level.syslogLevel(), daemon, message);
  }

  /**
   * @return {@code DAEMON[PID]: message} or {@code tcpwrap[PID]: level: message}
   */
  public String format(long pid) {
    return tag() + "[" + pid + "]: " + text();
  }

  /**
   * @return the program name syslog shows: the daemon name, or {@code tcpwrap} for a diagnostic
   */
  public String tag() {
    return daemon != null ? daemon : AGENT_TAG;
  }

  /**
   * @return the text after the tag: the message, a diagnostic's with its level first as tcpd writes
   *     {@code warning: ...}
   */
  public String text() {
    return daemon != null ? message : level.label() + ": " + message;
  }
}
