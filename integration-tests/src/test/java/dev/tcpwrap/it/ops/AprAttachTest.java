package dev.tcpwrap.it.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.it.agent.harness.AgentProcess;
import dev.tcpwrap.it.agent.harness.HostsFiles;
import dev.tcpwrap.it.agent.harness.Jdk;
import dev.tcpwrap.it.agent.harness.Probe;
import dev.tcpwrap.it.servers.Tomcat9AprServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Attaching to a running Tomcat 9 with its APR connector: the acceptor waits in libtcnative's
 * accept inside a {@code serverSocketAccept()} call that started before the attach and runs the
 * code without advice. The socket it returns is decided where the acceptor hands it on, so the
 * first connection after the attach is checked too: refused with no byte, logged once, never seen
 * by the application; later ones are decided once, at the accept.
 */
class AprAttachTest {

  static final String DEBIAN_LIBS = "/usr/lib/x86_64-linux-gnu";

  static final String GET = "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

  @TempDir static Path dir;

  static HostsFiles rules;

  @BeforeAll
  static void setUp() throws Exception {
    rules = HostsFiles.denying127002(dir);
  }

  // Tomcat 9 with the APR connector, without the agent (its class path and library path as in the
  // framework matrix)
  private static AgentProcess unprotected(Jdk jdk) throws Exception {
    Path lib = Path.of(DEBIAN_LIBS, "libtcnative-1.so");
    if (!Files.exists(lib)) {
      throw new IllegalStateException(
          "Tomcat's APR connector needs Debian's libtcnative-1 (scripts/test.sh installs it): "
              + lib
              + " is missing");
    }
    Path tomcat9 = Path.of(System.getProperty("tcpwrap.it.lib", "target/it-lib"), "tomcat9");
    Path[] jars;
    try (Stream<Path> s = Files.list(tomcat9)) {
      jars = s.filter(p -> p.toString().endsWith(".jar")).sorted().toArray(Path[]::new);
    }
    List<String> opts =
        new ArrayList<>(
            List.of("-Djava.library.path=" + DEBIAN_LIBS, "--enable-native-access=ALL-UNNAMED"));
    if (jdk.feature() >= 21) {
      opts.add("-XX:+EnableDynamicAgentLoading");
    }
    return AgentProcess.builder(jdk, Tomcat9AprServer.class)
        .withoutAgent()
        .classpath(jars)
        .jvmArgs(opts.toArray(String[]::new))
        .start();
  }

  private static Probe.Result get(String source, int port) throws Exception {
    return Probe.exchange(source, port, GET, false);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
  void theFirstConnectionAfterTheAttachIsChecked(Jdk jdk) throws Exception {
    try (AgentProcess p = unprotected(jdk)) {
      int port = p.port();
      // served, and so the acceptor is waiting in the native accept again: unchecked
      assertThat(get("127.0.0.2", port).received())
          .as("before attach")
          .endsWith("\r\n\r\nHELLO 127.0.0.2\n");

      Cli.Result r =
          Cli.tcpwrap(jdk, "attach", Long.toString(p.pid()), "daemon=att," + rules.agentArgs());
      assertThat(r.status()).as(r.toString()).isZero();
      String refusal = "att[" + p.pid() + "]: refused connect from 127.0.0.2 (127.0.0.2)";

      assertThat(get("127.0.0.2", port).gotBytes()).as("1st after attach").isFalse();
      p.awaitStderrCount(refusal, 1, Duration.ofSeconds(5));
      assertThat(get("127.0.0.2", port).gotBytes()).as("2nd after attach").isFalse();
      assertThat(get("127.0.0.1", port).received())
          .as("allowed after the refusals")
          .endsWith("\r\n\r\nHELLO 127.0.0.1\n");
      for (int i = 0; i < 50; i++) {
        assertThat(get("127.0.0.2", port).gotBytes()).as("refused %d", i).isFalse();
      }
      assertThat(get("127.0.0.1", port).received()).endsWith("\r\n\r\nHELLO 127.0.0.1\n");
      p.awaitStderrCount(refusal, 52, Duration.ofSeconds(5));
      Thread.sleep(300);
      assertThat(p.stderr().stream().filter(l -> l.equals(refusal))).as("each once").hasSize(52);

      assertThat(p.stdout().stream().filter(l -> l.equals("ACCEPT 127.0.0.2")))
          .as("the application saw 127.0.0.2 only before the attach")
          .hasSize(1);
      assertThat(p.stdout()).noneMatch(l -> l.startsWith("FAILED"));
      assertThat(p.stderr())
          .noneMatch(
              l -> l.contains("Exception") || l.startsWith("SEVERE") || l.contains(": error"));
    }
  }
}
