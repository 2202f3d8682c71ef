package dev.tcpwrap.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.it.agent.harness.AgentProcess;
import dev.tcpwrap.it.agent.harness.HostsFiles;
import dev.tcpwrap.it.agent.harness.Jdk;
import dev.tcpwrap.it.agent.harness.Probe;
import dev.tcpwrap.it.agent.servers.JdkServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** onerror, dry-run and configuration errors, on every configured JDK, with the real agent jar. */
class AgentBehaviourTest {

  @TempDir static Path dir;

  static HostsFiles rules;

  @BeforeAll
  static void setUp() throws Exception {
    rules = HostsFiles.denying127002(dir);
  }

  private static AgentProcess plainServer(Jdk jdk, String agentArgs) throws Exception {
    return AgentProcess.builder(jdk, JdkServer.class).agentArgs(agentArgs).args("PLAIN").start();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
  void engineFailureDeniesByDefault(Jdk jdk) throws Exception {
    try (AgentProcess p =
        plainServer(jdk, "daemon=faulty,test-fault=decide," + rules.agentArgs())) {
      assertThat(Probe.plain("127.0.0.1", p.port()).gotBytes()).isFalse();
      assertThat(Probe.plain("127.0.0.2", p.port()).gotBytes()).isFalse();
      p.awaitStderr(
          l ->
              l.contains("error: access check failed for 127.0.0.1")
                  && l.contains("injected fault")
                  && l.endsWith("onerror=deny"),
          Duration.ofSeconds(10));
      p.awaitStderr(
          l -> l.equals("faulty[" + p.pid() + "]: refused connect from 127.0.0.1 (127.0.0.1)"),
          Duration.ofSeconds(10));
      assertThat(p.stdout()).noneMatch(l -> l.startsWith("ACCEPT"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
  void engineFailureWithOnerrorAllowLetsThrough(Jdk jdk) throws Exception {
    try (AgentProcess p =
        plainServer(jdk, "test-fault=decide,onerror=allow," + rules.agentArgs())) {
      assertThat(Probe.plain("127.0.0.1", p.port()).received()).isEqualTo("HELLO 127.0.0.1\n");
      assertThat(Probe.plain("127.0.0.2", p.port()).received()).isEqualTo("HELLO 127.0.0.2\n");
      p.awaitStderr(
          l ->
              l.contains("error: access check failed for 127.0.0.2") && l.endsWith("onerror=allow"),
          Duration.ofSeconds(10));
      assertThat(p.stderr()).noneMatch(l -> l.contains("refused connect"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
  void dryRunLogsAndServes(Jdk jdk) throws Exception {
    try (AgentProcess p = plainServer(jdk, "daemon=dry,mode=dry-run," + rules.agentArgs())) {
      assertThat(Probe.plain("127.0.0.2", p.port()).received()).isEqualTo("HELLO 127.0.0.2\n");
      p.awaitStderr(
          l ->
              l.startsWith("dry[" + p.pid() + "]: would refuse connect from 127.0.0.2 (127.0.0.2)"),
          Duration.ofSeconds(10));
      assertThat(p.stderr()).noneMatch(l -> l.contains("refused connect"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
  void precedenceArgumentsOverPropertiesOverEnvironment(Jdk jdk) throws Exception {
    try (AgentProcess p =
        AgentProcess.builder(jdk, JdkServer.class)
            .agentArgs("daemon=fromarg," + rules.agentArgs())
            .jvmArgs("-Dtcpwrap.daemon=fromprop", "-Dtcpwrap.mode=dry-run")
            .env("TCPWRAP_MODE", "enforce")
            .env("TCPWRAP_LOG_ALLOWED", "true")
            .args("PLAIN")
            .start()) {
      assertThat(Probe.plain("127.0.0.2", p.port()).gotBytes())
          .isTrue(); // dry-run from the property
      Probe.plain("127.0.0.1", p.port());
      p.awaitStderr(
          l -> l.startsWith("fromarg[" + p.pid() + "]: would refuse"), Duration.ofSeconds(10));
      p.awaitStderr(
          l -> l.equals("fromarg[" + p.pid() + "]: connect from 127.0.0.1 (127.0.0.1)"),
          Duration.ofSeconds(10));
      assertThat(p.stderr())
          .filteredOn(l -> l.contains("effective configuration"))
          .singleElement()
          .asString()
          .contains(
              "daemon=fromarg (argument)",
              "mode=dry-run (property tcpwrap.mode)",
              "log-allowed=true (env TCPWRAP_LOG_ALLOWED)",
              "onerror=deny (default)");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
  void perPortDaemonName(Jdk jdk) throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    HostsFiles perDaemon =
        HostsFiles.write(
            Files.createDirectories(dir.resolve("per-port")), "", "portd: 127.0.0.2\n");
    try (AgentProcess p =
        AgentProcess.builder(jdk, JdkServer.class)
            .agentArgs(
                "daemon=main,daemon." + port + "=portd,daemon.1=other," + perDaemon.agentArgs())
            .args("PLAIN", Integer.toString(port))
            .start()) {
      assertThat(Probe.plain("127.0.0.2", p.port()).gotBytes()).isFalse();
      p.awaitStderr(
          l -> l.equals("portd[" + p.pid() + "]: refused connect from 127.0.0.2 (127.0.0.2)"),
          Duration.ofSeconds(10));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
  void unknownKeyStopsStartupWithOneLine(Jdk jdk) throws Exception {
    try (AgentProcess p =
        AgentProcess.builder(jdk, JdkServer.class).agentArgs("bogus=1").args("PLAIN").launch()) {
      assertThat(p.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
      assertThat(p.stderr())
          .filteredOn(l -> l.startsWith("tcpwrap:"))
          .containsExactly(
              "tcpwrap: configuration error: unknown configuration key 'bogus' (agent argument); known keys: daemon, "
                  + "daemon.PORT, allow, deny, mode, onerror, dns-timeout, log, log-level, log-allowed, reload, "
                  + "spawn-max, spawn-rate, ident-timeout, max-file-size, cache");
      assertThat(p.stdout()).noneMatch(l -> l.startsWith("READY"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
  void badValueStopsStartupWithOneLine(Jdk jdk) throws Exception {
    try (AgentProcess p =
        AgentProcess.builder(jdk, JdkServer.class)
            .agentArgs("mode=enforce")
            .jvmArgs("-Dtcpwrap.onerror=maybe")
            .args("PLAIN")
            .launch()) {
      assertThat(p.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
      assertThat(p.stderr())
          .filteredOn(l -> l.startsWith("tcpwrap:"))
          .containsExactly(
              "tcpwrap: configuration error: bad value 'maybe' (property tcpwrap.onerror): expected one of deny, allow");
    }
  }
}
