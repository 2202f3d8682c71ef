package dev.tcpwrap.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AgentMainTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return AgentMain.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void attachIsRunHere() {
    assertThat(run("attach")).isEqualTo(2);
    assertThat(err())
        .startsWith("tcpwrap attach: missing PID\nusage: java -jar tcpwrap.jar attach");
    assertThat(run("attach", "--help")).isZero();
    assertThat(out()).startsWith("usage: java -jar tcpwrap.jar attach PID");
  }

  @Test
  void helpListsEveryCommandOfTheJar() {
    assertThat(run("--help")).isZero();
    assertThat(out())
        .startsWith("usage: java -jar tcpwrap.jar COMMAND [ARGS]")
        .contains("  check [--allow FILE]", "  match [--allow FILE]", "  attach PID [AGENT-ARGS]");
    assertThat(err()).isEmpty();
  }

  @Test
  void noCommandIsAUsageError() {
    assertThat(run()).isEqualTo(2);
    assertThat(err()).startsWith("usage: java -jar tcpwrap.jar COMMAND [ARGS]");
    assertThat(out()).isEmpty();
  }

  @Test
  void otherCommandsGoToCoresTools() {
    assertThat(run("version")).isZero();
    assertThat(out()).startsWith("tcpwrap ");
    assertThat(run("check", "--bogus")).isEqualTo(2);
    assertThat(err()).isEqualTo("tcpwrap check: unknown option --bogus\n");
  }

  @Test
  void anUnknownCommandIsAUsageError() {
    assertThat(run("frobnicate")).isEqualTo(2);
    assertThat(err()).isEqualTo("tcpwrap frobnicate: unknown command (try --help)\n");
  }
}
