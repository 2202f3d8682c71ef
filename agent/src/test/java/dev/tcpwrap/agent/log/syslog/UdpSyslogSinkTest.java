package dev.tcpwrap.agent.log.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.agent.log.LogLevel;
import dev.tcpwrap.agent.log.LogRecord;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class UdpSyslogSinkTest {

  private static final SyslogFormat FORMAT = new SyslogFormat(7, "web1", ZoneOffset.UTC);

  private static List<LogRecord> refused(int n) {
    LogRecord r = new LogRecord(0L, LogLevel.WARN, "shop", "refused connect from a (a)");
    return java.util.Collections.nCopies(n, r);
  }

  @Test
  void eachLineIsOneRfc3164Datagram() throws Exception {
    try (DatagramSocket collector = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      collector.setSoTimeout(5_000);
      UdpSyslogSink sink =
          new UdpSyslogSink("127.0.0.1", collector.getLocalPort(), "syslog://x", FORMAT);
      assertThat(sink.write(refused(2))).isZero();
      for (int i = 0; i < 2; i++) {
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        collector.receive(p);
        assertThat(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8))
            .isEqualTo("<28>Jan  1 00:00:00 web1 shop[7]: refused connect from a (a)");
      }
      assertThat(sink.failure()).isNull();
    }
  }

  @Test
  void aPortNobodyListensOnIsAFailureThatLasts() throws Exception {
    int port;
    try (DatagramSocket gone = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      port = gone.getLocalPort();
    }
    UdpSyslogSink sink = new UdpSyslogSink("127.0.0.1", port, "syslog://x", FORMAT);
    // on loopback the refusal of one datagram is known by the next send
    int lost = sink.write(refused(3));
    assertThat(sink.failure())
        .isEqualTo("port unreachable: no syslog collector on 127.0.0.1:" + port);
    assertThat(lost).isPositive();
    sink.write(refused(1)); // still failing, however the next send fares
    assertThat(sink.failure()).isNotNull();
  }
}
