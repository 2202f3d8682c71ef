package dev.tcpwrap.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class AttachCommandTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return AttachCommand.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void usageErrorsExitTwo() {
    assertThat(run()).isEqualTo(2);
    assertThat(err())
        .startsWith("tcpwrap attach: missing PID\nusage: java -jar tcpwrap.jar attach PID");
    err.reset();
    assertThat(run("12x")).isEqualTo(2);
    assertThat(err()).startsWith("tcpwrap attach: not a process id: '12x'");
    assertThat(run("--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("usage: ");
  }

  @Test
  void argumentsAreCheckedBeforeAttaching() {
    assertThat(run("1", "daemon=x", "mdoe=dry-run")).isEqualTo(2);
    assertThat(err())
        .startsWith("tcpwrap attach: configuration error: unknown configuration key 'mdoe'");
    err.reset();
    assertThat(run("1", "reload=soon")).isEqualTo(2);
    assertThat(err())
        .contains("bad value 'soon' (argument): expected a duration such as 500ms or 2s or off");
  }

  @Test
  void outsideTheJarItSaysSo() {
    // the test runs from a classes directory, not from tcpwrap.jar
    assertThat(AttachCommand.ownJar()).isNull();
    assertThat(run("1", "daemon=x")).isEqualTo(1);
    assertThat(err()).startsWith("tcpwrap attach: cannot find tcpwrap.jar");
  }

  @Test
  void statusRoundTripsThroughProperties() {
    Properties p = new Properties();
    assertThat(AgentStatus.in(p)).isNull();
    p.setProperty(AgentStatus.PROPERTY, "already-active 123 nothing\nchanged");
    AgentStatus s = AgentStatus.in(p);
    assertThat(s.outcome()).isEqualTo(AgentStatus.Outcome.ALREADY_ACTIVE);
    assertThat(s.sequence()).isEqualTo(123);
    p.setProperty(AgentStatus.PROPERTY, "garbage");
    assertThat(AgentStatus.in(p)).isNull();
    String before = System.getProperty(AgentStatus.PROPERTY);
    try {
      AgentStatus.record(AgentStatus.Outcome.CONFIG_ERROR, "bad\nvalue");
      AgentStatus r = AgentStatus.in(System.getProperties());
      assertThat(r.outcome()).isEqualTo(AgentStatus.Outcome.CONFIG_ERROR);
      assertThat(r.detail()).isEqualTo("bad value");
    } finally {
      if (before == null) {
        System.clearProperty(AgentStatus.PROPERTY);
      } else {
        System.setProperty(AgentStatus.PROPERTY, before);
      }
    }
  }
}
