package dev.tcpwrap.agent.log.syslog;

import dev.tcpwrap.agent.log.LogRecord;
import dev.tcpwrap.agent.log.LogSink;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;

/**
 * RFC 3164 messages over UDP ({@code log=syslog://HOST:PORT}), one line per datagram, as a syslog
 * relay forwards tcpd's lines. The channel is connected, so an ICMP "port unreachable" (no
 * collector on that port) is seen: it surfaces on the next send, which is then repeated once, and
 * counts as one line lost (the earlier one it was about). The destination counts as failing from
 * then until a line goes out more than {@link #QUIET_MILLIS} after the last such report, so a dead
 * port is reported once, not once per line. UDP itself says nothing of lines lost on the way; a
 * failure the agent can see is reported and counted.
 *
 * <p>The host is resolved by the writer thread, on the first line and again after a failure, never
 * at start-up: a name server that is down must not delay the application.
 */
final class UdpSyslogSink implements LogSink {

  /** How long after the last "port unreachable" a line sent means the collector is back. */
  static final long QUIET_MILLIS = 2_000;

  private final String host;
  private final int port;
  private final String description;
  private final SyslogFormat format;
  private final Retry retry = new Retry();
  private DatagramChannel channel;
  private String failure;
  private long refusedAt; // the last "port unreachable" (currentTimeMillis), 0: none
  private int refusedLines; // lines an ICMP said were refused, not yet returned as lost

  UdpSyslogSink(String host, int port, String description, SyslogFormat format) {
    this.host = host;
    this.port = port;
    this.description = description;
    this.format = format;
  }

  @Override
  public int write(List<LogRecord> batch) {
    int lost = 0;
    for (LogRecord r : batch) {
      if (!send(format.rfc3164(r))) {
        lost++;
      }
    }
    lost += refusedLines;
    refusedLines = 0;
    return lost;
  }

  private boolean send(byte[] message) {
    long now = System.currentTimeMillis();
    if (channel == null && !retry.due(now)) {
      return false;
    }
    for (int attempt = 0; attempt < 2; attempt++) {
      try {
        if (channel == null) {
          InetSocketAddress to = new InetSocketAddress(host, port);
          if (to.isUnresolved()) {
            throw new IOException("cannot resolve " + host);
          }
          channel = DatagramChannel.open();
          channel.connect(to);
        }
        if (channel.write(ByteBuffer.wrap(message)) == message.length) {
          if (refusedAt == 0 || now - refusedAt > QUIET_MILLIS) {
            failure = null;
            refusedAt = 0;
          }
          retry.succeeded();
          return true;
        }
        failure = "the socket's send buffer is full";
        return false;
      } catch (PortUnreachableException e) {
        // an earlier datagram was refused, and this one not sent: once more
        refusedAt = now;
        refusedLines++;
        failure = "port unreachable: no syslog collector on " + host + ":" + port;
      } catch (IOException | RuntimeException e) {
        failure = String.valueOf(e.getMessage() != null ? e.getMessage() : e);
        closeChannel();
        retry.failed(now);
        return false;
      }
    }
    return false;
  }

  private void closeChannel() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // opened again on the next try
      }
      channel = null;
    }
  }

  @Override
  public String failure() {
    return failure;
  }

  @Override
  public String describe() {
    return description;
  }
}
