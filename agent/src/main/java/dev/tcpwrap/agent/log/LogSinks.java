package dev.tcpwrap.agent.log;

import dev.tcpwrap.agent.log.syslog.Syslog;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;

/** Opens the destination a {@code log=} value names ({@link LogTarget}). */
final class LogSinks {

  private LogSinks() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /**
   * What was opened, and a line to log first about it.
   *
   * @param sink where the records go
   * @param notice a line to log at start (a fallback, a wait for SLF4J), or {@code null}
   */
  record Opened(LogSink sink, LogRecord notice) {}

  /**
   * @throws IOException if a file or socket cannot be opened: a configuration error at start
   * @throws IllegalArgumentException if the value is malformed (the configuration checks it first)
   */
  static Opened open(String destination, long pid, Instrumentation inst) throws IOException {
    LogTarget target = LogTarget.parse(destination);
    switch (target.kind()) {
      case STDERR:
        return new Opened(StreamSink.stderr(pid), null);
      case STDOUT:
        return new Opened(StreamSink.stdout(pid), null);
      case SLF4J:
        Slf4jSink s = Slf4jSink.forApplication(pid);
        return new Opened(s, s.startWatching(inst));
      case FILE:
        return new Opened(FileSink.open(Path.of(target.path()), pid), null);
      default:
        // before Java 22 the local socket falls back to stderr, unless that is an inetd client
        LogSink fallback =
            Stderr.isConnection()
                ? new LostSink("stderr (the client's connection under inetd: not written)")
                : StreamSink.stderr(pid);
        Syslog.Opened opened = Syslog.open(target, pid, fallback);
        return new Opened(
            opened.sink(),
            opened.notice() == null
                ? null
                : new LogRecord(System.currentTimeMillis(), LogLevel.WARN, null, opened.notice()));
    }
  }
}
