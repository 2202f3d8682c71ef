package dev.tcpwrap.it.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.it.agent.harness.AgentProcess;
import dev.tcpwrap.it.agent.harness.HostsFiles;
import dev.tcpwrap.it.agent.harness.Jdk;
import dev.tcpwrap.it.agent.harness.Probe;
import dev.tcpwrap.it.agent.servers.JdkServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A failure to put the agent in place follows {@code onerror} (issue 12, item 5): {@code deny} (the
 * default) stops a starting JVM with one line and status 1 before the application's {@code main};
 * {@code allow} runs it with an {@code UNPROTECTED} line; an attach only reports.
 *
 * <p>The agent defines its bootstrap classes in the boot loader and needs no file for that: a
 * missing {@code java.io.tmpdir} is harmless now (the first test). The failure is made in the
 * fallback, which writes the classes' jar to a file: forced with {@code
 * -Ddev.tcpwrap.agent.boot=append}, with no temporary directory and a cache directory that is
 * writable by its group, so no file can be written anywhere.
 */
class InstallFailureTest {

  @TempDir static Path dir;

  static HostsFiles rules;

  static Path unsafeCache;

  @BeforeAll
  static void setUp() throws Exception {
    rules = HostsFiles.denying127002(dir);
    unsafeCache = dir.resolve("cache");
    Files.createDirectory(unsafeCache);
    Files.setPosixFilePermissions(unsafeCache, PosixFilePermissions.fromString("rwxrwx---"));
  }

  /** JVM options under which the agent cannot be put in place. */
  private static String[] failingInstall() {
    return new String[] {
      "-Ddev.tcpwrap.agent.boot=append",
      "-Djava.io.tmpdir=" + dir.resolve("missing"),
      "-Dtcpwrap.cache=" + unsafeCache
    };
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
  void aMissingTmpdirNoLongerMatters(Jdk jdk) throws Exception {
    try (AgentProcess p =
        AgentProcess.builder(jdk, JdkServer.class)
            .agentArgs("daemon=tmp,cache=off," + rules.agentArgs())
            .jvmArgs("-Djava.io.tmpdir=" + dir.resolve("missing"))
            .args("PLAIN")
            .start()) {
      assertThat(Probe.plain("127.0.0.2", p.port()).gotBytes()).isFalse();
      assertThat(Probe.plain("127.0.0.1", p.port()).received()).isEqualTo("HELLO 127.0.0.1\n");
      p.awaitStderr(
          l -> l.equals("tmp[" + p.pid() + "]: refused connect from 127.0.0.2 (127.0.0.2)"),
          Duration.ofSeconds(5));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
  void aFailedInstallStopsTheJvmBeforeMainByDefault(Jdk jdk) throws Exception {
    try (AgentProcess p =
        AgentProcess.builder(jdk, JdkServer.class)
            .agentArgs("daemon=fail," + rules.agentArgs())
            .jvmArgs(failingInstall())
            .args("PLAIN")
            .launch()) {
      assertThat(p.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
      assertThat(p.stderr())
          .filteredOn(l -> l.contains("tcpwrap"))
          .singleElement()
          .satisfies(
              l ->
                  assertThat(l)
                      .startsWith("tcpwrap: could not install protection (onerror=deny): ")
                      .contains("cannot make the agent's bootstrap classes visible")
                      .doesNotContain("\tat "));
      assertThat(p.stdout()).as("main never ran").isEmpty();
    }
  }

  static Stream<Arguments> onerrorAllowSources() {
    return Jdk.withEach(List.of("argument", "property", "environment"));
  }

  @ParameterizedTest(name = "{0} onerror=allow as {1}")
  @MethodSource("onerrorAllowSources")
  void aFailedInstallWithOnerrorAllowRunsUnprotectedAndSaysSo(Jdk jdk, String source)
      throws Exception {
    AgentProcess.Builder b =
        AgentProcess.builder(jdk, JdkServer.class)
            .agentArgs(
                "daemon=fail,"
                    + rules.agentArgs()
                    + (source.equals("argument") ? ",onerror=allow" : ""))
            .jvmArgs(failingInstall())
            .args("PLAIN");
    if (source.equals("property")) {
      b.jvmArgs("-Dtcpwrap.onerror=allow");
    } else if (source.equals("environment")) {
      b.env("TCPWRAP_ONERROR", "allow");
    }
    try (AgentProcess p = b.start()) {
      assertThat(p.stderr())
          .filteredOn(l -> l.contains("tcpwrap"))
          .singleElement()
          .satisfies(
              l ->
                  assertThat(l)
                      .startsWith(
                          "tcpwrap: error: could not install protection, running UNPROTECTED: ")
                      .contains("cannot make the agent's bootstrap classes visible"));
      // unprotected, as the line says: the client the rules refuse is served
      assertThat(Probe.plain("127.0.0.2", p.port()).received()).isEqualTo("HELLO 127.0.0.2\n");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
  void aFailedAttachReportsAndLeavesTheJvmRunning(Jdk jdk) throws Exception {
    AgentProcess.Builder b =
        AgentProcess.builder(jdk, JdkServer.class).withoutAgent().jvmArgs(failingInstall());
    if (jdk.feature() >= 21) {
      b.jvmArgs("-XX:+EnableDynamicAgentLoading");
    }
    try (AgentProcess p = b.args("PLAIN").start()) {
      Cli.Result r =
          Cli.tcpwrap(jdk, "attach", Long.toString(p.pid()), "daemon=att," + rules.agentArgs());
      assertThat(r.status()).as(r.toString()).isEqualTo(1);
      assertThat(r.out() + r.err())
          .contains("agent not started in JVM " + p.pid() + ": could not install protection: ");
      p.awaitStderr(
          l ->
              l.startsWith("tcpwrap: error: could not install protection: ")
                  && l.endsWith("(agent not attached)"),
          Duration.ofSeconds(5));
      assertThat(p.stderr()).filteredOn(l -> l.contains("tcpwrap")).hasSize(1);
      // alive, and as it was before the attach
      assertThat(Probe.plain("127.0.0.2", p.port()).received()).isEqualTo("HELLO 127.0.0.2\n");
    }
  }
}
