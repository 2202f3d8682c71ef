package dev.tcpwrap.agent.log;

import java.util.List;

/**
 * Where the writer thread puts lines: a stream, a file, the application's SLF4J or syslog. Used by
 * one thread at a time ({@link AgentLog} serialises the calls).
 */
public interface LogSink {

  /**
   * Writes a batch; never throws.
   *
   * @param batch the records, oldest first
   * @return the number of records that are lost: could not be written and are not kept for later
   */
  int write(List<LogRecord> batch);

  /**
   * @return a short description for the effective configuration, e.g. {@code file /var/log/x}
   */
  String describe();

  /**
   * @return why the last write failed (e.g. {@code No space left on device}), or {@code null} when
   *     it succeeded; read after each {@link #write} and {@link #retry}
   */
  default String failure() {
    return null;
  }

  /**
   * Tries again to send lines kept after a failure (a destination that holds lines, such as a
   * syslog collector over TCP). Called by the writer thread about five times a second, and at exit.
   *
   * @return the number of kept records given up (lost) meanwhile
   */
  default int retry() {
    return 0;
  }

  /**
   * @return how many lines that fail are kept and sent later ({@link #retry}) instead of being
   *     lost; 0 when none are
   */
  default int keepsAtMost() {
    return 0;
  }

  /**
   * @return the number of records kept and not yet delivered
   */
  default int undelivered() {
    return 0;
  }
}
