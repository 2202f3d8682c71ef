package dev.tcpwrap.it.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.it.agent.harness.AgentProcess;
import dev.tcpwrap.it.agent.harness.HostsFiles;
import dev.tcpwrap.it.agent.harness.Jdk;
import dev.tcpwrap.it.agent.harness.Probe;
import dev.tcpwrap.it.servers.JmxServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What docs/deploy.md says of the JDK's own JMX agent: {@code -Dcom.sun.management.jmxremote.port}
 * opens more than one listener (the registry, the connector's RMI port unless {@code
 * jmxremote.rmi.port} names it, the local connector unless {@code jmxremote.local.port} does), and
 * the agent refuses a banned client on each of them.
 */
class JmxAgentListenersTest {

  @TempDir Path dir;

  enum Ports {
    /** {@code jmxremote.port} alone: registry, RMI connector and local connector, three ports. */
    PORT_ONLY,
    /** {@code rmi.port} = {@code port}: registry and connector share it; the local one: two. */
    RMI_PORT_SAME,
    /** and {@code local.port} named: exactly the two named ports. */
    LOCAL_PORT_NAMED
  }

  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> cases() {
    return Jdk.withEach(List.of(Ports.values()));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void everyListenerOfTheJmxAgentRefusesABannedClient(Jdk jdk, Ports ports) throws Exception {
    HostsFiles rules = HostsFiles.denying127002(dir);
    int[] free = Net.freePorts(2);
    int port = free[0];
    List<String> flags = new ArrayList<>();
    flags.add("-Dcom.sun.management.jmxremote.port=" + port);
    flags.add("-Dcom.sun.management.jmxremote.authenticate=false");
    flags.add("-Dcom.sun.management.jmxremote.ssl=false");
    if (ports != Ports.PORT_ONLY) {
      flags.add("-Dcom.sun.management.jmxremote.rmi.port=" + port);
    }
    if (ports == Ports.LOCAL_PORT_NAMED) {
      flags.add("-Dcom.sun.management.jmxremote.local.port=" + free[1]);
    }
    try (AgentProcess p =
        AgentProcess.builder(jdk, JmxServer.class)
            .agentArgs("daemon=shop,daemon." + port + "=jmx," + rules.agentArgs())
            .jvmArgs(flags.toArray(String[]::new))
            .args("MANAGEMENT_AGENT")
            .start()) {
      Set<Integer> listening = Net.listeningPorts(p.pid());
      switch (ports) {
        case PORT_ONLY -> assertThat(listening).hasSize(3).contains(port);
        case RMI_PORT_SAME -> assertThat(listening).hasSize(2).contains(port);
        case LOCAL_PORT_NAMED -> assertThat(listening).containsExactlyInAnyOrder(port, free[1]);
      }
      int refused = 0;
      for (int l : listening) {
        // an allowed client reaches the listener (checked below: never refused), a banned one is
        // refused and logged under the port's daemon name
        Probe.connect("127.0.0.1", l, 5_000).close();
        Probe.Result r = Probe.plain("127.0.0.2", l);
        assertThat(r.gotBytes()).isFalse();
        refused++;
        String daemon = l == port ? "jmx" : "shop";
        int n = refused;
        p.awaitStderrCount("refused connect from", n, Duration.ofSeconds(5));
        p.awaitStderr(
            l2 ->
                l2.startsWith(daemon + "[" + p.pid() + "]: refused connect from")
                    && l2.contains("127.0.0.2"),
            Duration.ofSeconds(5));
      }
      assertThat(p.stderr().stream().filter(l -> l.contains("refused connect from")).count())
          .as("one refusal per listener")
          .isEqualTo(listening.size());
      assertThat(p.stderr()).noneMatch(l -> l.contains("refused connect from 127.0.0.1"));
    }
  }
}
