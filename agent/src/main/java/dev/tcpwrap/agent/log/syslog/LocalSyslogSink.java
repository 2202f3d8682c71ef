package dev.tcpwrap.agent.log.syslog;

import dev.tcpwrap.agent.log.LogRecord;
import dev.tcpwrap.agent.log.LogSink;
import java.util.List;

/**
 * The local syslog socket ({@code /dev/log}, or the path of {@code log=syslog:/PATH}), written as
 * glibc's {@code syslog(3)} writes it, through {@link UnixDatagram}. Lines the daemon cannot take
 * (restarting: no socket file or nobody reading; its queue full) are kept in a {@link Backlog} and
 * sent on the next try.
 */
final class LocalSyslogSink implements LogSink {

  private static final int EMSGSIZE = 90;

  private final String path;
  private final UnixDatagram socket;
  private final SyslogFormat format;
  private final Backlog held = new Backlog(Backlog.CAPACITY);
  private final Retry retry = new Retry();
  private String failure;

  LocalSyslogSink(String path, UnixDatagram socket, SyslogFormat format) {
    this.path = path;
    this.socket = socket;
    this.format = format;
  }

  @Override
  public int write(List<LogRecord> batch) {
    int lost = 0;
    for (LogRecord r : batch) {
      lost += held.add(format.local(r));
    }
    return lost + send();
  }

  @Override
  public int retry() {
    return held.isEmpty() || !retry.due(System.currentTimeMillis()) ? 0 : send();
  }

  private int send() {
    int lost = 0;
    while (!held.isEmpty()) {
      int errno = socket.send(held.peek());
      if (errno == EMSGSIZE) {
        held.remove(); // this one never fits: give it up, not the others
        lost++;
        failure = "sendto " + path + ": " + Errno.describe(errno);
        continue;
      }
      if (errno != 0) {
        failure = "sendto " + path + ": " + Errno.describe(errno);
        retry.failed(System.currentTimeMillis());
        return lost;
      }
      held.remove();
    }
    if (lost == 0) {
      failure = null;
    }
    retry.succeeded();
    return lost;
  }

  @Override
  public String failure() {
    return failure;
  }

  @Override
  public int keepsAtMost() {
    return Backlog.CAPACITY;
  }

  @Override
  public int undelivered() {
    return held.size();
  }

  @Override
  public String describe() {
    return "syslog " + path;
  }
}
