package dev.tcpwrap.agent.log.syslog;

import dev.tcpwrap.agent.log.LogSink;
import dev.tcpwrap.agent.log.LogTarget;
import java.io.IOException;
import java.time.ZoneId;

/** Opens the syslog destination a {@code log=syslog...} value names. */
public final class Syslog {

  private Syslog() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /**
   * What was opened, and the one line to log about it at start (or {@code null}).
   *
   * @param sink where the records go
   * @param notice a warning to log at start, e.g. that this JVM cannot reach {@code /dev/log} and
   *     what to use instead; {@code null} when all is as asked
   */
  public record Opened(LogSink sink, String notice) {}

  /**
   * Opens a syslog destination. Nothing is sent yet, and no name is resolved (the writer thread
   * does that).
   *
   * @param target a syslog {@link LogTarget}
   * @param pid the process id in every tag
   * @param stderr where lines go when this JVM cannot write the local socket (before Java 22)
   * @return the sink and any notice
   * @throws IOException when the local socket cannot be created at all
   */
  public static Opened open(LogTarget target, long pid, LogSink stderr) throws IOException {
    SyslogFormat format = new SyslogFormat(pid, Hostname.local(), ZoneId.systemDefault());
    switch (target.kind()) {
      case SYSLOG_UDP:
        return new Opened(
            new UdpSyslogSink(target.host(), target.port(), target.describe(), format), null);
      case SYSLOG_TCP:
        return new Opened(
            new TcpSyslogSink(target.host(), target.port(), target.describe(), format), null);
      case SYSLOG_LOCAL:
        try {
          UnixDatagram socket = UnixDatagram.open(target.path(), SyslogFormat.MAX_MESSAGE);
          return new Opened(new LocalSyslogSink(target.path(), socket, format), null);
        } catch (Unavailable e) {
          return new Opened(stderr, cannotWriteLocal(target.path(), e));
        }
      default:
        throw new IllegalArgumentException("not a syslog destination: " + target.describe());
    }
  }

  // the one start-up line: what happened, where the lines go instead, what to use
  private static String cannotWriteLocal(String path, Unavailable why) {
    return "log=syslog: cannot write the local syslog socket "
        + path
        + ": "
        + why.getMessage()
        + "; logging to stderr instead. Use log=syslog://127.0.0.1:514 (UDP; rsyslog's imudp) or"
        + " log=syslog+tcp://127.0.0.1:514, or "
        + why.remedy();
  }
}
