package dev.tcpwrap.agent.log;

/**
 * Severity of the agent's log lines, most severe first; a logger set to a level writes that and
 * above.
 */
public enum LogLevel {
  /** Nothing at all, not even refusals. */
  OFF,
  /** Failures: checks that failed, instrumentation that could not be installed. */
  ERROR,
  /** Refusals ({@code refused connect from ...}) and anomalies. */
  WARN,
  /** Start-up (effective configuration), permitted connections when {@code log-allowed=true}. */
  INFO,
  /** Instrumentation details. */
  DEBUG;

  /**
   * The agent level for a syslog level, as a rule's {@code severity [facility.]level} option gives
   * it: {@code emerg}, {@code alert}, {@code crit}, {@code err} (0..3) are ERROR, {@code warning}
   * (4) WARN, {@code notice}, {@code info} (5, 6) INFO, {@code debug} (7) DEBUG. The facility has
   * no counterpart.
   *
   * @param syslogLevel the syslog level number, {@code LOG_EMERG} = 0 ... {@code LOG_DEBUG} = 7
   * @return the agent level
   */
  public static LogLevel ofSyslog(int syslogLevel) {
    if (syslogLevel <= 3) {
      return ERROR;
    }
    if (syslogLevel == 4) {
      return WARN;
    }
    return syslogLevel <= 6 ? INFO : DEBUG;
  }

  /**
   * The syslog level of a line logged at this level without a rule's {@code severity}: {@code err},
   * {@code warning} (tcpd's refusals), {@code info} (tcpd's allowed connections), {@code debug}.
   *
   * @return the syslog level number
   */
  public int syslogLevel() {
    switch (this) {
      case ERROR:
        return 3;
      case WARN:
        return 4;
      case INFO:
        return 6;
      default:
        return 7;
    }
  }

  /**
   * @return the label used in diagnostic lines, as tcpd's {@code warning:} prefix
   */
  public String label() {
    return this == WARN ? "warning" : name().toLowerCase(java.util.Locale.ROOT);
  }
}
