package dev.tcpwrap.agent.log;

/**
 * One queued log line, formatted only by the writer thread.
 *
 * @param millis when it happened ({@code System.currentTimeMillis()})
 * @param level its severity
 * @param daemon the daemon name of an access line, or {@code null} for a diagnostic
 * @param message the text, already escaped
 */
record LogRecord(long millis, LogLevel level, String daemon, String message) {

  /**
   * @return {@code DAEMON[PID]: message} or {@code tcpwrap[PID]: level: message}
   */
  String format(long pid) {
    return daemon != null
        ? daemon + "[" + pid + "]: " + message
        : "tcpwrap[" + pid + "]: " + level.label() + ": " + message;
  }
}
