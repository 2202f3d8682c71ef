package dev.tcpwrap.it.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.it.agent.harness.AgentJar;
import dev.tcpwrap.it.agent.harness.AgentProcess;
import dev.tcpwrap.it.agent.harness.HostsFiles;
import dev.tcpwrap.it.agent.harness.Jdk;
import dev.tcpwrap.it.agent.harness.Probe;
import dev.tcpwrap.it.agent.servers.JdkServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runtime attach into a plain {@code ServerSocket} server started without the agent: {@code java
 * -jar tcpwrap.jar attach PID ARGS} and {@code jcmd PID JVMTI.agent_load JAR '"ARGS"'}.
 *
 * <p>The known gap, asserted so that a change in it is noticed: the acceptor thread is already
 * blocked in {@code accept()} when the agent arrives, and that frame keeps running the old
 * bytecode, so the first connection after the attach is served unchecked; the following ones are
 * refused.
 */
class AttachTest {

  @TempDir static Path dir;

  static HostsFiles rules;

  @BeforeAll
  static void setUp() throws Exception {
    rules = HostsFiles.write(dir, "", HostsFiles.DENY_127_0_0_2);
  }

  static List<Jdk> jdks() {
    return Jdk.all();
  }

  // a server without the agent; Java 21+ needs the flag to load agents quietly (JEP 451)
  private static AgentProcess unprotected(Jdk jdk, String... jvmArgs) throws Exception {
    List<String> opts = new ArrayList<>(List.of(jvmArgs));
    if (jdk.feature() >= 21) {
      opts.add("-XX:+EnableDynamicAgentLoading");
    }
    return AgentProcess.builder(jdk, JdkServer.class)
        .withoutAgent()
        .jvmArgs(opts.toArray(String[]::new))
        .args("PLAIN")
        .start();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void attachCommandProtectsARunningServer(Jdk jdk) throws Exception {
    try (AgentProcess p = unprotected(jdk)) {
      int port = p.port();
      assertThat(Probe.plain("127.0.0.2", port).received())
          .as("before attach")
          .isEqualTo("HELLO 127.0.0.2\n");

      Cli.Result r =
          Cli.tcpwrap(jdk, "attach", Long.toString(p.pid()), "daemon=att," + rules.agentArgs());
      assertThat(r.status()).as(r.toString()).isZero();
      assertThat(r.out())
          .contains("tcpwrap attach: agent active in JVM " + p.pid() + ": daemon=att")
          .contains("already blocked in accept()");
      p.awaitStderr(
          l -> l.contains("info: effective configuration: ") && l.contains("daemon=att (argument)"),
          Duration.ofSeconds(5));

      // the known gap: the acceptor blocked in accept() at attach time lets its next connection
      // through
      assertThat(Probe.plain("127.0.0.2", port).received())
          .as("1st after attach (gap)")
          .isEqualTo("HELLO 127.0.0.2\n");
      assertThat(Probe.plain("127.0.0.2", port).gotBytes()).as("2nd after attach").isFalse();
      assertThat(Probe.plain("127.0.0.2", port).gotBytes()).as("3rd after attach").isFalse();
      p.awaitStderrCount(
          "att[" + p.pid() + "]: refused connect from 127.0.0.2 (127.0.0.2)",
          2,
          Duration.ofSeconds(5));
      assertThat(Probe.plain("127.0.0.1", port).received()).isEqualTo("HELLO 127.0.0.1\n");

      // a second attach changes nothing and says so
      Cli.Result again = Cli.tcpwrap(jdk, "attach", Long.toString(p.pid()), "daemon=other");
      assertThat(again.status()).as(again.toString()).isZero();
      assertThat(again.out()).contains("agent was already active in JVM " + p.pid());
      p.awaitStderr(
          l -> l.contains("agent already active in this JVM; this attach changes nothing"),
          Duration.ofSeconds(5));
      assertThat(Probe.plain("127.0.0.2", port).gotBytes()).isFalse();
      p.awaitStderrCount(
          "att[" + p.pid() + "]: refused connect from 127.0.0.2 (127.0.0.2)",
          3,
          Duration.ofSeconds(5));
      assertThat(p.stderr()).noneMatch(l -> l.contains("other["));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void jcmdAgentLoadWithInnerQuotes(Jdk jdk) throws Exception {
    try (AgentProcess p = unprotected(jdk)) {
      int port = p.port();
      assertThat(Probe.plain("127.0.0.2", port).received()).isEqualTo("HELLO 127.0.0.2\n");
      // the shell form is: jcmd PID JVMTI.agent_load /path/tcpwrap.jar
      // '"daemon=jc,allow=...,deny=..."'
      Cli.Result r =
          Cli.jcmd(
              jdk,
              Long.toString(p.pid()),
              "JVMTI.agent_load",
              AgentJar.path().toString(),
              "\"daemon=jc," + rules.agentArgs() + "\"");
      assertThat(r.status()).as(r.toString()).isZero();
      p.awaitStderr(l -> l.contains("daemon=jc (argument)"), Duration.ofSeconds(10));
      assertThat(Probe.plain("127.0.0.2", port).received())
          .as("1st after attach (gap)")
          .isEqualTo("HELLO 127.0.0.2\n");
      assertThat(Probe.plain("127.0.0.2", port).gotBytes()).as("2nd after attach").isFalse();
      p.awaitStderr(
          l -> l.equals("jc[" + p.pid() + "]: refused connect from 127.0.0.2 (127.0.0.2)"),
          Duration.ofSeconds(5));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void badConfigurationIsReportedAndNothingIsInstalled(Jdk jdk) throws Exception {
    // the target's own -Dtcpwrap.* settings count too: this one is bad, so the agent refuses to
    // start there
    try (AgentProcess p = unprotected(jdk, "-Dtcpwrap.mode=strict")) {
      Cli.Result local = Cli.tcpwrap(jdk, "attach", Long.toString(p.pid()), "mdoe=dry-run");
      assertThat(local.status()).as(local.toString()).isEqualTo(2);
      assertThat(local.err()).contains("unknown configuration key 'mdoe'");

      Cli.Result r =
          Cli.tcpwrap(jdk, "attach", Long.toString(p.pid()), "daemon=bad," + rules.agentArgs());
      assertThat(r.status()).as(r.toString()).isEqualTo(1);
      assertThat(r.err())
          .contains(
              "agent not started in JVM "
                  + p.pid()
                  + ": configuration error: bad value 'strict' (property tcpwrap.mode)");
      p.awaitStderr(
          l ->
              l.startsWith("tcpwrap: configuration error: bad value 'strict'")
                  && l.endsWith("(agent not attached)"),
          Duration.ofSeconds(5));
      assertThat(Probe.plain("127.0.0.2", p.port()).received())
          .as("still running, unprotected")
          .isEqualTo("HELLO 127.0.0.2\n");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void noSuchProcess(Jdk jdk) throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(jdk.exists());
    Cli.Result r = Cli.tcpwrap(jdk, "attach", "999999999");
    assertThat(r.status()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).startsWith("tcpwrap attach: cannot attach to JVM 999999999: ");
    Cli.Result usage = Cli.tcpwrap(jdk, "attach", "notapid");
    assertThat(usage.status()).isEqualTo(2);
    assertThat(usage.err()).contains("not a process id: 'notapid'");
  }
}
