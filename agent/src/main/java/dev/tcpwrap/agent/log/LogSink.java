package dev.tcpwrap.agent.log;

import java.util.List;

/**
 * Where the writer thread puts lines: a stream, a file or the application's SLF4J. Used by one
 * thread.
 */
interface LogSink {

  /**
   * Writes a batch; never throws.
   *
   * @param batch the records, oldest first
   * @return the number of records that could not be written
   */
  int write(List<LogRecord> batch);

  /**
   * @return a short description for the effective configuration, e.g. {@code file /var/log/x}
   */
  String describe();
}
