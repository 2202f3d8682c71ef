package dev.tcpwrap.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.agent.metrics.StatusPublisher;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class StatusCommandTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int report(Properties p) {
    return StatusCommand.report(
        "42",
        p,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void aJvmWithoutTheAgent() {
    assertThat(report(new Properties())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("tcpwrap status: no tcpwrap agent in JVM 42\n");
  }

  @Test
  void anAgentThatDidNotStart() {
    Properties p = new Properties();
    p.setProperty(AgentStatus.PROPERTY, "config-error 7 configuration error: unknown key 'x'");
    assertThat(report(p)).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("not active in JVM 42 (config-error): configuration error: unknown key 'x'");
  }

  @Test
  void anActiveAgentsText() {
    Properties p = new Properties();
    p.setProperty(AgentStatus.PROPERTY, "active 7 daemon=shop");
    p.setProperty(StatusPublisher.PROPERTY, "mode:           enforce\n");
    assertThat(report(p)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo("tcpwrap agent in JVM 42: active\nmode:           enforce\n");
  }

  @Test
  void usage() {
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    assertThat(StatusCommand.run(new String[0], o, e)).isEqualTo(2);
    assertThat(StatusCommand.run(new String[] {"1", "2"}, o, e)).isEqualTo(2);
    assertThat(StatusCommand.run(new String[] {"-1"}, o, e)).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("missing PID")
        .contains("one PID expected");
  }
}
