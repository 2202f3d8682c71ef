package dev.tcpwrap.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@code cache} as the jar's Main-Class dispatches it; preparing a cache runs the real jar (see the
 * integration tests' PreparedCacheTest).
 */
class CacheCommandTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return AgentMain.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void withoutPrepareItIsAUsageError() {
    assertThat(run("cache")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8).trim()).isEqualTo(CacheCommand.USAGE);
    assertThat(run("cache", "--prepare")).isEqualTo(2);
  }

  @Test
  void outsideTheAgentJarItSaysSoInOneLine() {
    assertThat(run("cache", "--prepare", "/nonexistent/tcpwrap-cache")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8).trim())
        .isEqualTo(
            "tcpwrap cache: could not prepare /nonexistent/tcpwrap-cache:"
                + " run this command from the agent jar (java -jar tcpwrap.jar cache ...)");
  }
}
