package dev.tcpwrap.agent.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AgentLogTest {

  @Test
  void formatsAccessLinesAndDiagnosticsAndFiltersByLevel() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AgentLog log = AgentLog.start(LogLevel.WARN, StreamSink.of(out, "test", 9), 9);
    log.access(LogLevel.WARN, "sshd", "refused connect from h (1.2.3.4)");
    log.access(LogLevel.INFO, "sshd", "connect from h (1.2.3.4)");
    log.diag(LogLevel.ERROR, "broken");
    log.diag(LogLevel.DEBUG, "noise");
    log.flush();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo("sshd[9]: refused connect from h (1.2.3.4)\ntcpwrap[9]: error: broken\n");
    assertThat(log.destination()).isEqualTo("test");
    assertThat(log.dropped()).isZero();
  }
}
