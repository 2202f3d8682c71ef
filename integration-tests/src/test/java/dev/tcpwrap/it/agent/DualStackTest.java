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
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A server listening on {@code ::} (dual-stack, as sshd's "dual-listen") gets its IPv4 clients
 * IPv4-mapped: the log shows them as the seed's sshd lines do, {@code refused connect from
 * ::ffff:127.0.0.2 (::ffff:127.0.0.2)}, and IPv4 rules still match them.
 */
class DualStackTest {

  @TempDir static Path dir;

  static HostsFiles rules;

  @BeforeAll
  static void setUp() throws Exception {
    rules = HostsFiles.denying127002(dir);
  }

  static Stream<Arguments> scenarios() {
    return Jdk.withEach(List.of(Kind.PLAIN, Kind.CHANNEL, Kind.ASYNC_HANDLER));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("scenarios")
  void ipv4ClientsOfAnIpv6ListenerAreShownMapped(Jdk jdk, Kind kind) throws Exception {
    try (AgentProcess p =
        AgentProcess.builder(jdk, JdkServer.class)
            .agentArgs("daemon=dual,log-allowed=true," + rules.agentArgs())
            .jvmArgs("-Dit.bind=::")
            .args(kind.name())
            .start()) {
      assertThat(Probe.plain("127.0.0.1", p.port()).gotBytes()).isTrue();
      assertThat(Probe.plain("127.0.0.2", p.port()).gotBytes()).isFalse();
      p.awaitStderr(
          l ->
              l.equals(
                  "dual["
                      + p.pid()
                      + "]: refused connect from ::ffff:127.0.0.2 (::ffff:127.0.0.2)"),
          Duration.ofSeconds(10));
      p.awaitStderr(
          l -> l.equals("dual[" + p.pid() + "]: connect from ::ffff:127.0.0.1 (::ffff:127.0.0.1)"),
          Duration.ofSeconds(10));
      assertThat(p.stdout()).noneMatch(l -> l.contains("127.0.0.2"));
    }
  }
}
