package dev.tcpwrap.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.it.agent.harness.AgentProcess;
import dev.tcpwrap.it.agent.harness.HostsFiles;
import dev.tcpwrap.it.agent.harness.Jdk;
import dev.tcpwrap.it.agent.harness.Probe;
import dev.tcpwrap.it.agent.servers.JdkServer;
import dev.tcpwrap.it.agent.servers.JdkServer.Kind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every JDK accept path, on every configured JDK, in a forked JVM under the real agent jar, with
 * {@code hosts.deny} = {@code ALL: 127.0.0.2}: the 127.0.0.1 client is served; the 127.0.0.2 client
 * gets no byte and the application never sees it; 1,000 refusals later the server still serves and
 * holds no more file descriptors; each refusal is logged in tcpd's form; each permitted connection
 * is decided (and logged) exactly once.
 */
class JdkServersTest {

  /** Refused connections per scenario in the flood phase. */
  static final int FLOOD = 1_000;

  @TempDir static Path dir;

  static HostsFiles rules;

  @BeforeAll
  static void setUp() throws Exception {
    rules = HostsFiles.write(dir, "", HostsFiles.DENY_127_0_0_2);
    Keystore.ensure(dir);
  }

  static Stream<Arguments> scenarios() {
    List<Arguments> all = new ArrayList<>();
    for (Jdk jdk : Jdk.all()) {
      for (Kind kind : Kind.values()) {
        if (!kind.needsVirtualThreads() || jdk.feature() >= 21) { // virtual threads: Java 21+
          all.add(Arguments.of(jdk, kind));
        }
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("scenarios")
  void refusedClientNeverReachesTheApplication(Jdk jdk, Kind kind) throws Exception {
    try (AgentProcess p =
        AgentProcess.builder(jdk, JdkServer.class)
            .agentArgs("daemon=itest,log-allowed=true," + rules.agentArgs())
            .jvmArgs("-Dit.keystore=" + Keystore.path(dir))
            .args(kind.name())
            .start()) {
      int allowed = 0;
      assertServed(p, kind);
      allowed++;
      assertRefused(p, kind);
      p.awaitStderr(
          l -> l.equals("itest[" + p.pid() + "]: refused connect from 127.0.0.2 (127.0.0.2)"),
          Duration.ofSeconds(10));

      for (int i = 0; i < 20; i++) {
        assertThat(Probe.plain("127.0.0.2", p.port()).gotBytes()).isFalse();
      }
      assertServed(p, kind);
      allowed++;
      Thread.sleep(200);
      long fdsBefore = p.openFds();
      for (int i = 0; i < FLOOD; i++) {
        Probe.Result r = Probe.plain("127.0.0.2", p.port());
        assertThat(r.gotBytes()).as("refused probe %d got %s", i, r.received()).isFalse();
      }
      assertServed(p, kind);
      allowed++;
      Thread.sleep(300);
      long fdsAfter = p.openFds();
      assertThat(fdsAfter)
          .as("open fds after %d refusals", FLOOD)
          .isLessThanOrEqualTo(fdsBefore + 5);

      final int expectedConnects = allowed;
      p.awaitStderrCount(
          "refused connect from 127.0.0.2 (127.0.0.2)", FLOOD + 21, Duration.ofSeconds(10));
      assertThat(p.stdout())
          .as("application saw")
          .noneMatch(l -> l.contains("127.0.0.2"))
          .noneMatch(l -> l.startsWith("IOERROR") || l.startsWith("FAILED"));
      assertThat(count(p.stdout(), "ACCEPT 127.0.0.1")).isEqualTo(expectedConnects);
      assertThat(count(p.stderr(), "itest[" + p.pid() + "]: connect from 127.0.0.1 (127.0.0.1)"))
          .as("each permitted connection decided once")
          .isEqualTo(expectedConnects);
      assertThat(count(p.stderr(), "effective configuration")).isEqualTo(1);
      assertThat(p.stderr()).noneMatch(l -> l.contains("error:") || l.contains("Exception"));
      if (kind.needsVirtualThreads()) {
        assertThat(p.stdout()).contains("VIRTUAL true");
      }
    }
  }

  static void assertServed(AgentProcess p, Kind kind) throws Exception {
    Probe.Result r =
        kind == Kind.SSL ? Probe.tls("127.0.0.1", p.port()) : Probe.plain("127.0.0.1", p.port());
    assertThat(r.received())
        .as("allowed client; stderr %s", p.stderr())
        .isEqualTo("HELLO 127.0.0.1\n");
  }

  static void assertRefused(AgentProcess p, Kind kind) throws Exception {
    Probe.Result r =
        kind == Kind.SSL ? Probe.tls("127.0.0.2", p.port()) : Probe.plain("127.0.0.2", p.port());
    assertThat(r.received()).as("refused client").isEmpty();
    assertThat(r.end()).isNotEqualTo(Probe.End.TIMEOUT);
  }

  static long count(List<String> lines, String text) {
    return lines.stream().filter(l -> l.contains(text)).count();
  }
}
