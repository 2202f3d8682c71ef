package dev.tcpwrap.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.it.agent.harness.AgentProcess;
import dev.tcpwrap.it.agent.harness.HostsFiles;
import dev.tcpwrap.it.agent.harness.Jdk;
import dev.tcpwrap.it.agent.harness.Probe;
import dev.tcpwrap.it.agent.servers.ByteBuddyApp;
import dev.tcpwrap.it.agent.servers.JdkServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shading traps of the design notes, at run time: an application's own Byte Buddy; the JDK
 * class-file bridge.
 */
class ShadingRuntimeTest {

  @TempDir static Path dir;

  static HostsFiles rules;

  @BeforeAll
  static void setUp() throws Exception {
    rules = HostsFiles.denying127002(dir);
  }

  private static void assertProtected(AgentProcess p) throws Exception {
    assertThat(Probe.plain("127.0.0.1", p.port()).received()).isEqualTo("HELLO 127.0.0.1\n");
    assertThat(Probe.plain("127.0.0.2", p.port()).gotBytes()).isFalse();
    assertThat(p.stdout()).noneMatch(l -> l.contains("127.0.0.2"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
  void applicationWithItsOwnOldByteBuddyChangesNothing(Jdk jdk) throws Exception {
    Path appBb =
        Path.of(System.getProperty("tcpwrap.it.appByteBuddy", "target/it-lib/app-byte-buddy.jar"));
    assertThat(appBb).as("the application's Byte Buddy jar (copied by the build)").isRegularFile();
    try (AgentProcess p =
        AgentProcess.builder(jdk, ByteBuddyApp.class)
            .agentArgs(rules.agentArgs())
            .classpath(appBb.toAbsolutePath())
            .start()) {
      assertProtected(p);
      assertThat(p.stdout())
          .anyMatch(l -> l.startsWith("APPBB OK") && l.contains("app-byte-buddy.jar"));
    }
  }

  /** The class-file API bridge is a Java 24+ multi-release class. */
  static List<Jdk> jdks24() {
    return Jdk.all().stream().filter(j -> j.feature() >= 24).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks24")
  void jdkClassFileApiProcessorDoesNotAbortTheJvm(Jdk jdk) throws Exception {
    try (AgentProcess p =
        AgentProcess.builder(jdk, JdkServer.class)
            .agentArgs(rules.agentArgs())
            .jvmArgs("-Ddev.tcpwrap.shaded.net.bytebuddy.processor=CLASS_FILE_API_ONLY")
            .args("PLAIN")
            .start()) {
      assertProtected(p);
    }
  }
}
