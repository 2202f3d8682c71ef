package dev.tcpwrap.it.frameworks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.it.agent.harness.AgentProcess;
import dev.tcpwrap.it.agent.harness.HostsFiles;
import dev.tcpwrap.it.agent.harness.Jdk;
import dev.tcpwrap.it.agent.harness.Probe;
import dev.tcpwrap.it.servers.NettyServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Netty's native epoll transport accepts in native code, which the agent cannot see (README, "Limitations").
 * What the agent owes the user then is to say so: when such a server channel class is loaded, one warning names
 * it, says its connections are not checked and names the property that makes Netty fall back to NIO. The test
 * also shows the warning is true — a client the rules refuse reaches the application — so it has to change the
 * day the agent covers native transports.
 */
class NativeTransportTest {

  static final String DAEMON = "nativetest";

  @TempDir
  static Path dir;

  static HostsFiles rules;

  @BeforeAll
  static void setUp() throws Exception {
    rules = HostsFiles.write(dir, "", HostsFiles.DENY_127_0_0_2);
  }

  static List<Jdk> jdks() {
    return Jdk.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void anEpollServerIsNamedAsUncheckedAndIsIndeedUnchecked(Jdk jdk) throws Exception {
    try (AgentProcess p = AgentProcess.builder(jdk, NettyServer.class)
        .agentArgs("daemon=" + DAEMON + "," + rules.agentArgs())
        .classpath(Framework.NETTY_NIO.classpath())
        .args("EPOLL").start()) {
      assertThat(p.stdout()).as("accept set-up").contains("CHANNEL io.netty.channel.epoll.EpollServerSocketChannel");
      String warning = p.awaitStderr(l -> l.contains("io.netty.channel.epoll.EpollServerSocketChannel accepts"
          + " connections in native code"), Duration.ofSeconds(10));
      assertThat(warning).startsWith("tcpwrap[" + p.pid() + "]: warning: ").contains("NOT checked against the rules")
          .endsWith("(-Dio.netty.transport.noNative=true where the framework falls back to it)");

      Probe.Result r = Clients.httpGet("127.0.0.2", p.port(), 5_000);
      assertThat(r.received()).as("what the warning says: the rules do not reach this listener")
          .endsWith("\r\n\r\nHELLO 127.0.0.2\n");
      p.awaitStdout(l -> l.equals("ACCEPT 127.0.0.2"), Duration.ofSeconds(5));
      assertThat(p.stderr()).noneMatch(l -> l.contains("refused connect"));
      assertThat(p.stderr()).as("warned once").filteredOn(l -> l.contains("accepts connections in native code"))
          .hasSize(1);
    }
  }
}
