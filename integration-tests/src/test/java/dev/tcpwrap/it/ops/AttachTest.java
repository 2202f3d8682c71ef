package dev.tcpwrap.it.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.it.agent.Keystore;
import dev.tcpwrap.it.agent.harness.AgentJar;
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
 * Runtime attach into servers started without the agent: {@code java -jar tcpwrap.jar attach PID
 * ARGS} and {@code jcmd PID JVMTI.agent_load JAR '"ARGS"'}.
 *
 * <p>The acceptor is already waiting in {@code accept()} when the agent arrives, and that frame
 * keeps running the code without advice. The first connection after the attach is checked all the
 * same, on every JDK accept path that can wait like that: a {@code ServerSocket} (plain and TLS), a
 * blocking {@code ServerSocketChannel}, an {@code AsynchronousServerSocketChannel} with a handler
 * or a Future armed before the attach. The refused client gets no byte and the refusal is logged
 * once. What the application sees of that one connection differs: nothing for the channel and the
 * handler, whose accept is repeated or re-armed as for any later connection; for a {@code
 * ServerSocket} and a Future, which nothing can repeat, the connection arrives closed.
 */
class AttachTest {

  @TempDir static Path dir;

  static HostsFiles rules;

  @BeforeAll
  static void setUp() throws Exception {
    rules = HostsFiles.denying127002(dir);
    Keystore.ensure(dir);
  }

  /** Every JDK with the accept paths besides the plain ServerSocket of the other tests. */
  static Stream<Arguments> jdksAndPaths() {
    return Jdk.all().stream()
        .flatMap(
            jdk ->
                Stream.of(Kind.SSL, Kind.CHANNEL, Kind.ASYNC_HANDLER, Kind.ASYNC_FUTURE)
                    .map(kind -> Arguments.of(jdk, kind)));
  }

  // a server without the agent; Java 21+ needs the flag to load agents quietly (JEP 451)
  private static AgentProcess unprotected(Jdk jdk, Kind kind, String... jvmArgs) throws Exception {
    List<String> opts = new ArrayList<>(List.of(jvmArgs));
    opts.add("-Dit.keystore=" + Keystore.path(dir));
    if (jdk.feature() >= 21) {
      opts.add("-XX:+EnableDynamicAgentLoading");
    }
    return AgentProcess.builder(jdk, JdkServer.class)
        .withoutAgent()
        .jvmArgs(opts.toArray(String[]::new))
        .args(kind.name())
        .start();
  }

  private static AgentProcess unprotected(Jdk jdk, String... jvmArgs) throws Exception {
    return unprotected(jdk, Kind.PLAIN, jvmArgs);
  }

  private static Probe.Result probe(Kind kind, String source, int port) throws Exception {
    return kind == Kind.SSL ? Probe.tls(source, port) : Probe.plain(source, port);
  }

  private static String refusal(String daemon, AgentProcess p) {
    return daemon + "[" + p.pid() + "]: refused connect from 127.0.0.2 (127.0.0.2)";
  }

  // waits for n refusal lines, then checks that there are not more: each refusal logged once
  private static void refusedExactly(String daemon, AgentProcess p, int n) {
    p.awaitStderrCount(refusal(daemon, p), n, Duration.ofSeconds(5));
    assertThat(p.stderr().stream().filter(l -> l.contains(refusal(daemon, p))))
        .as("refusal lines")
        .hasSize(n);
  }

  private static long applicationSaw(AgentProcess p, String address) {
    return p.stdout().stream().filter(l -> l.equals("ACCEPT " + address)).count();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
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
          .contains("a ServerSocket accept() that was already waiting returns its next connection")
          .doesNotContain("unchecked");
      p.awaitStderr(
          l -> l.contains("info: effective configuration: ") && l.contains("daemon=att (argument)"),
          Duration.ofSeconds(5));

      // the acceptor waiting in accept() since before the attach: checked all the same
      assertThat(Probe.plain("127.0.0.2", port).gotBytes()).as("1st after attach").isFalse();
      refusedExactly("att", p, 1);
      // its accept() returns the socket whatever happens, so the application gets it closed
      p.awaitStdout(l -> l.startsWith("IOERROR "), Duration.ofSeconds(5));
      assertThat(Probe.plain("127.0.0.2", port).gotBytes()).as("2nd after attach").isFalse();
      assertThat(Probe.plain("127.0.0.2", port).gotBytes()).as("3rd after attach").isFalse();
      assertThat(Probe.plain("127.0.0.1", port).received()).isEqualTo("HELLO 127.0.0.1\n");
      refusedExactly("att", p, 3);
      assertThat(applicationSaw(p, "127.0.0.2"))
          .as("before attach, and the 1st closed")
          .isEqualTo(2);

      // a second attach changes nothing and says so
      Cli.Result again = Cli.tcpwrap(jdk, "attach", Long.toString(p.pid()), "daemon=other");
      assertThat(again.status()).as(again.toString()).isZero();
      assertThat(again.out()).contains("agent was already active in JVM " + p.pid());
      p.awaitStderr(
          l -> l.contains("agent already active in this JVM; this attach changes nothing"),
          Duration.ofSeconds(5));
      assertThat(Probe.plain("127.0.0.2", port).gotBytes()).isFalse();
      refusedExactly("att", p, 4);
      assertThat(p.stderr()).noneMatch(l -> l.contains("other["));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
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
      assertThat(Probe.plain("127.0.0.2", port).gotBytes()).as("1st after attach").isFalse();
      refusedExactly("jc", p, 1);
      assertThat(Probe.plain("127.0.0.2", port).gotBytes()).as("2nd after attach").isFalse();
      assertThat(Probe.plain("127.0.0.1", port).received()).isEqualTo("HELLO 127.0.0.1\n");
      refusedExactly("jc", p, 2);
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("jdksAndPaths")
  void theFirstConnectionAfterTheAttachIsCheckedOnEveryWaitingAcceptPath(Jdk jdk, Kind kind)
      throws Exception {
    try (AgentProcess p = unprotected(jdk, kind)) {
      int port = p.port();
      // served, and so the acceptor (or the armed handler or Future) is waiting again: unchecked
      assertThat(probe(kind, "127.0.0.2", port).received())
          .as("before attach")
          .isEqualTo("HELLO 127.0.0.2\n");

      Cli.Result r =
          Cli.tcpwrap(jdk, "attach", Long.toString(p.pid()), "daemon=att," + rules.agentArgs());
      assertThat(r.status()).as(r.toString()).isZero();

      assertThat(probe(kind, "127.0.0.2", port).gotBytes()).as("1st after attach").isFalse();
      refusedExactly("att", p, 1);
      assertThat(probe(kind, "127.0.0.2", port).gotBytes()).as("2nd after attach").isFalse();
      assertThat(probe(kind, "127.0.0.1", port).received())
          .as("allowed after the refusals")
          .isEqualTo("HELLO 127.0.0.1\n");
      refusedExactly("att", p, 2);

      boolean repeated = kind == Kind.CHANNEL || kind == Kind.ASYNC_HANDLER;
      if (repeated) {
        assertThat(applicationSaw(p, "127.0.0.2")).as("only before the attach").isEqualTo(1);
        assertThat(p.stdout()).noneMatch(l -> l.startsWith("IOERROR"));
      } else {
        p.awaitStdout(l -> l.startsWith("IOERROR "), Duration.ofSeconds(5));
      }
      assertThat(p.stdout()).noneMatch(l -> l.startsWith("FAILED"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
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
  @MethodSource(Jdk.ALL)
  void noSuchProcess(Jdk jdk) throws Exception {
    Cli.Result r = Cli.tcpwrap(jdk, "attach", "999999999");
    assertThat(r.status()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).startsWith("tcpwrap attach: cannot attach to JVM 999999999: ");
    Cli.Result usage = Cli.tcpwrap(jdk, "attach", "notapid");
    assertThat(usage.status()).isEqualTo(2);
    assertThat(usage.err()).contains("not a process id: 'notapid'");
  }
}
