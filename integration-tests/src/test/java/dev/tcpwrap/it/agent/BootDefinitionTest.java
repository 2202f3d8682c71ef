package dev.tcpwrap.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.it.agent.harness.AgentProcess;
import dev.tcpwrap.it.agent.harness.Jdk;
import dev.tcpwrap.it.agent.servers.InternalsProbe;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How the agent puts its bootstrap classes in the boot loader (issue 10, item 6): defined there
 * directly, every one, without opening the JDK's internals to the application.
 */
class BootDefinitionTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
  void bootstrapClassesAreDefinedInTheBootLoaderWithoutOpeningInternalsToTheApplication(Jdk jdk)
      throws Exception {
    try (AgentProcess p =
        AgentProcess.builder(jdk, InternalsProbe.class)
            .agentArgs("daemon=probe,log-level=warn")
            .jvmArgs("-Xlog:class+load=info")
            .launch()) {
      assertThat(p.awaitExit(Duration.ofSeconds(60))).isZero();
      List<String> out = p.stdout();
      assertThat(out).contains("EXPORTED false");
      for (String c : List.of("AcceptGate", "AcceptGate$Filter", "AttachGate", "GateFuture")) {
        assertThat(out)
            .as(c)
            .anyMatch(
                l ->
                    l.endsWith(
                        "] dev.tcpwrap.agent.bootstrap." + c + " source: __JVM_DefineClass__"));
      }
      assertThat(out)
          .noneMatch(l -> l.contains("dev.tcpwrap.agent.bootstrap.") && l.contains(".jar"));
      // the class that calls Unsafe exists only in the agent's private loader, never in the
      // application's
      assertThat(out)
          .anyMatch(l -> l.endsWith("] dev.tcpwrap.agent.BootUnsafe source: __JVM_DefineClass__"))
          .noneMatch(l -> l.contains("] dev.tcpwrap.agent.BootUnsafe source: file:"));
    }
  }
}
