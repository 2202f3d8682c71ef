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

  SyslogSink() throws IOException {
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

  long received() {
    return received.get();
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
  }
}
