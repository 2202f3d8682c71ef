package dev.tcpwrap.agent.log.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.agent.log.LogLevel;
import dev.tcpwrap.agent.log.LogRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The TCP sink against a real listening socket standing in for the collector. */
class TcpSyslogSinkTest {

  private static final SyslogFormat FORMAT = new SyslogFormat(7, "web1", ZoneOffset.UTC);
  private static final String MESSAGE =
      "<28>1 1970-01-01T00:00:00.000000Z web1 shop 7 - - refused connect from a (a)";
  private static final String FRAME = MESSAGE.length() + " " + MESSAGE;

  private static List<LogRecord> refused(int n) {
    LogRecord r = new LogRecord(0L, LogLevel.WARN, "shop", "refused connect from a (a)");
    return java.util.Collections.nCopies(n, r);
  }

  private static ServerSocket collector(int port) throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    s.setSoTimeout(5_000);
    return s;
  }

  private static String read(Socket s, int bytes) throws IOException {
    s.setSoTimeout(5_000);
    InputStream in = s.getInputStream();
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    while (got.size() < bytes) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      got.write(b);
    }
    return got.toString(StandardCharsets.UTF_8);
  }

  @Test
  void framesAreOctetCountedRfc5424() throws Exception {
    try (ServerSocket c = collector(0)) {
      TcpSyslogSink sink = new TcpSyslogSink("127.0.0.1", c.getLocalPort(), "x", FORMAT);
      assertThat(sink.write(refused(2))).isZero();
      try (Socket s = c.accept()) {
        assertThat(read(s, 2 * FRAME.length())).isEqualTo(FRAME + FRAME);
      }
      assertThat(sink.failure()).isNull();
      assertThat(sink.undelivered()).isZero();
    }
  }

  @Test
  void aBatchLargerThanTheSocketBuffersArrivesWholeAndInOrder() throws Exception {
    // 10,000 lines of 500 bytes: gathering writes that the kernel takes in part, many times over
    String pad = "x".repeat(480);
    List<LogRecord> batch = new java.util.ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      batch.add(new LogRecord(0L, LogLevel.WARN, "shop", String.format("%05d %s", i, pad)));
    }
    try (ServerSocket c = collector(0)) {
      TcpSyslogSink sink = new TcpSyslogSink("127.0.0.1", c.getLocalPort(), "x", FORMAT);
      java.util.concurrent.CompletableFuture<Integer> written =
          java.util.concurrent.CompletableFuture.supplyAsync(() -> sink.write(batch));
      List<String> texts = new java.util.ArrayList<>();
      try (Socket s = c.accept()) {
        s.setSoTimeout(10_000);
        java.io.DataInputStream in = new java.io.DataInputStream(s.getInputStream());
        while (texts.size() < batch.size()) {
          StringBuilder len = new StringBuilder();
          for (int b; (b = in.read()) != ' '; ) {
            assertThat(b).as("frame length digit").isBetween((int) '0', (int) '9');
            len.append((char) b);
          }
          byte[] m = new byte[Integer.parseInt(len.toString())];
          in.readFully(m);
          String message = new String(m, StandardCharsets.UTF_8);
          texts.add(message.substring(message.indexOf(" - - ") + 5));
        }
      }
      assertThat(written.get(20, java.util.concurrent.TimeUnit.SECONDS)).isZero();
      assertThat(texts).isEqualTo(batch.stream().map(LogRecord::message).toList());
      assertThat(sink.undelivered()).isZero();
      assertThat(sink.failure()).isNull();
    }
  }

  @Test
  void aCollectorThatClosedItsSideIsReconnectedBeforeTheNextLine() throws Exception {
    try (ServerSocket c = collector(0)) {
      TcpSyslogSink sink = new TcpSyslogSink("127.0.0.1", c.getLocalPort(), "x", FORMAT);
      sink.write(refused(1));
      try (Socket first = c.accept()) {
        assertThat(read(first, FRAME.length())).isEqualTo(FRAME);
      } // closed: as rsyslogd does when it stops
      sink.write(refused(1));
      try (Socket second = c.accept()) {
        assertThat(read(second, FRAME.length())).isEqualTo(FRAME);
      }
      assertThat(sink.failure()).isNull();
    }
  }

  @Test
  void linesWaitForACollectorThatIsDownAndGoWhenItIsBack() throws Exception {
    int port;
    try (ServerSocket probe = collector(0)) {
      port = probe.getLocalPort();
    }
    TcpSyslogSink sink = new TcpSyslogSink("127.0.0.1", port, "x", FORMAT);
    assertThat(sink.write(refused(3))).isZero(); // kept, not lost
    assertThat(sink.failure()).isEqualTo("Connection refused");
    assertThat(sink.undelivered()).isEqualTo(3);
    try (ServerSocket c = collector(port)) {
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (sink.undelivered() > 0 && System.nanoTime() < deadline) {
        sink.retry(); // the writer thread's rounds
        Thread.sleep(50);
      }
      try (Socket s = c.accept()) {
        assertThat(read(s, 3 * FRAME.length())).isEqualTo(FRAME + FRAME + FRAME);
      }
      assertThat(sink.failure()).isNull();
    }
  }
}
