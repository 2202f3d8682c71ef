package dev.tcpwrap.agent.log;

/** Severity of the agent's log lines, most severe first; a logger set to a level writes that and above. */
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

  /** @return the label used in diagnostic lines, as tcpd's {@code warning:} prefix */
  public String label() {
    return this == WARN ? "warning" : name().toLowerCase(java.util.Locale.ROOT);
  }
}
