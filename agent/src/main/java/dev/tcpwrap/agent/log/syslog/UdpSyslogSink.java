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
 * collector on that port) is seen: it surfaces on the next send, which is then repeated once. UDP
 * itself says nothing of lines lost on the way; a failure the agent can see is reported and
 * counted.
 *
 * <p>The host is resolved by the writer thread, on the first line and again after a failure, never
 * at start-up: a name server that is down must not delay the application.
 */
final class UdpSyslogSink implements LogSink {

  private final String host;
  private final int port;
  private final String description;
  private final SyslogFormat format;
  private final Retry retry = new Retry();
  private DatagramChannel channel;
  private String failure;

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
          failure = null;
          retry.succeeded();
          return true;
        }
        failure = "the socket's send buffer is full";
        return false;
      } catch (PortUnreachableException e) {
        // an earlier datagram was refused; this one was not sent: once more
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
