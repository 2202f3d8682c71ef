package dev.tcpwrap.agent.log.syslog;

import dev.tcpwrap.agent.log.LogRecord;
import dev.tcpwrap.agent.log.LogSink;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.List;

/**
 * RFC 5424 messages over TCP with RFC 6587 octet counting ({@code log=syslog+tcp://HOST:PORT}).
 *
 * <p>Lines are kept in a {@link Backlog} until written, so a collector that restarts or is down for
 * a while gets them when it is back; before each batch the connection is checked for the
 * collector's close (a restarted rsyslog closes its side, and a write into the half-closed
 * connection would be accepted by the kernel and lost). Connecting and writing are bounded ({@link
 * #CONNECT_MILLIS}, {@link #WRITE_MILLIS}) and run on the log's writer thread only, so a stalled
 * collector never holds an acceptor: the agent's log queue fills and what overflows is counted.
 */
final class TcpSyslogSink implements LogSink {

  static final long CONNECT_MILLIS = 2_000;
  static final long WRITE_MILLIS = 5_000;

  /** Frames handed to one gathering write: a burst of lines costs a system call, not one each. */
  static final int GATHER = 64;

  private final String host;
  private final int port;
  private final String description;
  private final SyslogFormat format;
  private final Backlog held = new Backlog(Backlog.CAPACITY);
  private final Retry retry = new Retry();
  private final ByteBuffer probe = ByteBuffer.allocate(512);
  private SocketChannel channel;
  private Selector selector;
  private String failure;

  TcpSyslogSink(String host, int port, String description, SyslogFormat format) {
    this.host = host;
    this.port = port;
    this.description = description;
    this.format = format;
  }

  @Override
  public int write(List<LogRecord> batch) {
    int lost = 0;
    for (LogRecord r : batch) {
      lost += held.add(SyslogFormat.octetCounted(format.rfc5424(r)));
    }
    flush();
    return lost;
  }

  @Override
  public int retry() {
    if (!held.isEmpty() && (channel != null || retry.due(System.currentTimeMillis()))) {
      flush();
    }
    return 0;
  }

  private void flush() {
    try {
      if (channel != null && closedByPeer()) {
        disconnect();
      }
      if (channel == null) {
        if (!retry.due(System.currentTimeMillis())) {
          return;
        }
        connect();
      }
      while (!held.isEmpty()) {
        writeFully(held.first(GATHER));
      }
      failure = null;
      retry.succeeded();
    } catch (IOException | RuntimeException e) {
      // the frame being written stays first in the backlog and goes again, whole, on a new
      // connection: the collector drops the torn one
      failure = String.valueOf(e.getMessage() != null ? e.getMessage() : e);
      disconnect();
      retry.failed(System.currentTimeMillis());
    }
  }

  private void connect() throws IOException {
    InetSocketAddress to = new InetSocketAddress(host, port);
    if (to.isUnresolved()) {
      throw new IOException("cannot resolve " + host);
    }
    selector = Selector.open();
    channel = SocketChannel.open();
    channel.configureBlocking(false);
    if (!channel.connect(to)) {
      channel.register(selector, SelectionKey.OP_CONNECT);
      if (selector.select(CONNECT_MILLIS) == 0) {
        throw new IOException("connect to " + host + ":" + port + " timed out");
      }
      channel.finishConnect();
      selector.selectedKeys().clear();
    }
    channel.register(selector, 0);
  }

  // a collector that closed its side (a restart) reads as end of stream; it never sends anything
  private boolean closedByPeer() {
    try {
      probe.clear();
      return channel.read(probe) < 0;
    } catch (IOException e) {
      return true;
    }
  }

  // writes the frames, each taken out of the backlog once it is all written
  private void writeFully(ByteBuffer[] frames) throws IOException {
    SelectionKey key = channel.keyFor(selector);
    long deadline = System.currentTimeMillis() + WRITE_MILLIS;
    int done = 0;
    while (done < frames.length) {
      long wrote = channel.write(frames, done, frames.length - done);
      for (; done < frames.length && !frames[done].hasRemaining(); done++) {
        held.remove();
      }
      if (wrote > 0) {
        continue;
      }
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        throw new SocketException("collector took nothing for " + WRITE_MILLIS + " ms");
      }
      key.interestOps(SelectionKey.OP_WRITE);
      selector.select(left);
      selector.selectedKeys().clear();
      key.interestOps(0);
    }
  }

  private void disconnect() {
    try {
      if (channel != null) {
        channel.close();
      }
      if (selector != null) {
        selector.close();
      }
    } catch (IOException ignored) {
      // a new connection is made on the next try
    }
    channel = null;
    selector = null;
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
    return description;
  }
}
