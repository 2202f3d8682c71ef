package dev.tcpwrap.bench.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A syslog collector for the {@code agent-syslog} modes: a UDP socket on loopback that takes every
 * datagram and counts it, so the agent's log lines have somewhere to go (no ICMP "port unreachable"
 * back) and the harness can say how many arrived. It parses nothing: the cost under test is the
 * agent's side.
 */
final class SyslogSink implements AutoCloseable {

  private final DatagramChannel channel;
  private final AtomicLong received = new AtomicLong();
  private final Thread reader;
  private final java.nio.channels.ServerSocketChannel tcp;
  private final AtomicLong tcpBytes = new AtomicLong();

  SyslogSink() throws IOException {
    tcp = java.nio.channels.ServerSocketChannel.open();
    tcp.bind(new InetSocketAddress("127.0.0.1", 0));
    Thread acceptor = new Thread(this::acceptTcp, "syslog-sink-tcp");
    acceptor.setDaemon(true);
    acceptor.start();
    channel = DatagramChannel.open();
    // room for the bursts of several forked servers while this thread is off the CPU
    channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4 << 20);
    channel.bind(new InetSocketAddress("127.0.0.1", 0));
    reader = new Thread(this::drain, "syslog-sink");
    reader.setDaemon(true);
    reader.start();
  }

  /** Where the agent sends: {@code syslog://127.0.0.1:PORT}. */
  String target() throws IOException {
    return "syslog://127.0.0.1:" + ((InetSocketAddress) channel.getLocalAddress()).getPort();
  }

  /** The TCP listener: {@code syslog+tcp://127.0.0.1:PORT}. */
  String tcpTarget() throws IOException {
    return "syslog+tcp://127.0.0.1:" + ((InetSocketAddress) tcp.getLocalAddress()).getPort();
  }

  long received() {
    return received.get();
  }

  long tcpBytes() {
    return tcpBytes.get();
  }

  // a thread per connection (one per server JVM), reading to the end
  private void acceptTcp() {
    try {
      while (tcp.isOpen()) {
        java.nio.channels.SocketChannel c = tcp.accept();
        Thread t =
            new Thread(
                () -> {
                  ByteBuffer buf = ByteBuffer.allocate(65_536);
                  try (c) {
                    for (int n; (n = c.read(buf)) >= 0; buf.clear()) {
                      tcpBytes.addAndGet(n);
                    }
                  } catch (IOException gone) {
                    // the server JVM ended
                  }
                },
                "syslog-sink-tcp-conn");
        t.setDaemon(true);
        t.start();
      }
    } catch (IOException closed) {
      // close() ends the run
    }
  }

  private void drain() {
    ByteBuffer buf = ByteBuffer.allocate(65_536);
    try {
      while (channel.isOpen()) {
        buf.clear();
        channel.receive(buf);
        received.incrementAndGet();
      }
    } catch (IOException closed) {
      // close() ends the run
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
    tcp.close();
  }
}
