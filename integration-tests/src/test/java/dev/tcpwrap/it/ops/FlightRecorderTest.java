package dev.tcpwrap.it.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.it.agent.harness.AgentProcess;
import dev.tcpwrap.it.agent.harness.HostsFiles;
import dev.tcpwrap.it.agent.harness.Jdk;
import dev.tcpwrap.it.agent.harness.Probe;
import dev.tcpwrap.it.agent.servers.JdkServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent's flight recorder events, recorded by a real recording ({@code
 * -XX:StartFlightRecording}) in the server's JVM, dumped with {@code jcmd JFR.dump} and read back
 * with {@code jdk.jfr.consumer.RecordingFile}: a refusal, a rule reload and dropped commands in
 * enforce mode; a would-refuse and the allowed connection (off by default, switched on for the
 * recording) in dry-run; a failed check with the fault injection.
 */
class FlightRecorderTest {

  @TempDir Path dir;

  private AgentProcess server(Jdk jdk, String agentArgs, String recording) throws Exception {
    return AgentProcess.builder(jdk, JdkServer.class)
        .agentArgs(agentArgs)
        .jvmArgs("-XX:StartFlightRecording=name=ops,settings=default" + recording)
        .args(JdkServer.Kind.PLAIN.name())
        .start();
  }

  private List<RecordedEvent> dump(Jdk jdk, AgentProcess p, String name) throws Exception {
    Path file = dir.resolve(name + ".jfr");
    Cli.Result r =
        Cli.jcmd(jdk, Long.toString(p.pid()), "JFR.dump", "name=ops", "filename=" + file);
    assertThat(r.status()).as(r.toString()).isZero();
    return RecordingFile.readAllEvents(file).stream()
        .filter(e -> e.getEventType().getName().startsWith("dev.tcpwrap."))
        .toList();
  }

  private static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
    return events.stream().filter(e -> e.getEventType().getName().equals(name)).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
  void refusalsReloadsAndDroppedCommands(Jdk jdk) throws Exception {
    HostsFiles rules =
        HostsFiles.write(
            dir, "ALL: 127.0.0.1\n", "ALL: 127.0.0.2\nALL: 127.0.0.4: spawn (sleep 3)\n");
    try (AgentProcess p =
        server(jdk, "daemon=rec,spawn-max=1,spawn-rate=1," + rules.agentArgs(), "")) {
      assertThat(Probe.plain("127.0.0.2", p.port()).gotBytes()).isFalse();
      assertThat(Probe.plain("127.0.0.1", p.port()).received()).isEqualTo("HELLO 127.0.0.1\n");
      for (int i = 0; i < 3; i++) {
        assertThat(Probe.plain("127.0.0.4", p.port()).gotBytes()).isFalse();
      }
      Files.writeString(rules.deny(), "ALL: 127.0.0.2\nALL: 127.0.0.3\n");
      p.awaitStderr(l -> l.contains("reloaded " + rules.deny()), Duration.ofSeconds(10));

      List<RecordedEvent> events = dump(jdk, p, "enforce");
      List<RecordedEvent> refused = named(events, "dev.tcpwrap.ConnectionRefused");
      assertThat(refused).hasSize(4);
      RecordedEvent first = refused.get(0);
      assertThat(first.getString("daemon")).isEqualTo("rec");
      assertThat(first.getString("client")).isEqualTo("127.0.0.2");
      assertThat(first.getString("ruleFile")).isEqualTo(rules.deny().toString());
      assertThat(first.getInt("ruleLine")).isEqualTo(1);
      assertThat(first.getString("rule")).isEqualTo("hosts.deny:1");
      assertThat(first.getString("outcome")).isEqualTo("refused");
      assertThat(first.getLong("checkDuration")).isPositive();
      assertThat(refused.subList(1, 4))
          .allMatch(e -> e.getString("client").equals("127.0.0.4") && e.getInt("ruleLine") == 2);
      assertThat(named(events, "dev.tcpwrap.ConnectionAllowed")).as("off by default").isEmpty();

      List<RecordedEvent> dropped = named(events, "dev.tcpwrap.CommandDropped");
      assertThat(dropped).hasSize(2);
      assertThat(dropped)
          .allMatch(
              e ->
                  e.getString("kind").equals("spawn")
                      && e.getString("client").equals("127.0.0.4")
                      && e.getString("rule").equals("hosts.deny:2")
                      && e.getString("command").equals("(sleep 3)"));

      List<RecordedEvent> reloads = named(events, "dev.tcpwrap.RulesReloaded");
      assertThat(reloads).hasSize(1);
      assertThat(reloads.get(0).getString("ruleFile")).isEqualTo(rules.deny().toString());
      assertThat(reloads.get(0).getInt("rules")).isEqualTo(2);
      assertThat(reloads.get(0).getInt("problems")).isZero();
      assertThat(reloads.get(0).getString("outcome")).isEqualTo("loaded");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
  void dryRunAndAllowedWhenSwitchedOn(Jdk jdk) throws Exception {
    HostsFiles rules = HostsFiles.write(dir, "ALL: 127.0.0.1\n", "ALL: 127.0.0.2\n");
    try (AgentProcess p =
        server(
            jdk,
            "daemon=dry,mode=dry-run," + rules.agentArgs(),
            ",+dev.tcpwrap.ConnectionAllowed#enabled=true")) {
      assertThat(Probe.plain("127.0.0.2", p.port()).received()).isEqualTo("HELLO 127.0.0.2\n");
      assertThat(Probe.plain("127.0.0.1", p.port()).received()).isEqualTo("HELLO 127.0.0.1\n");
      List<RecordedEvent> events = dump(jdk, p, "dry");
      assertThat(named(events, "dev.tcpwrap.ConnectionRefused")).isEmpty();
      List<RecordedEvent> would = named(events, "dev.tcpwrap.ConnectionWouldRefuse");
      assertThat(would).hasSize(1);
      assertThat(would.get(0).getString("client")).isEqualTo("127.0.0.2");
      assertThat(would.get(0).getString("outcome")).isEqualTo("would-refuse");
      assertThat(would.get(0).getString("rule")).isEqualTo("hosts.deny:1");
      List<RecordedEvent> allowed = named(events, "dev.tcpwrap.ConnectionAllowed");
      assertThat(allowed).hasSize(1);
      assertThat(allowed.get(0).getString("client")).isEqualTo("127.0.0.1");
      assertThat(allowed.get(0).getString("rule")).isEqualTo("hosts.allow:1");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
  void failedCheck(Jdk jdk) throws Exception {
    HostsFiles rules = HostsFiles.denying127002(dir);
    try (AgentProcess p = server(jdk, "daemon=faulty,test-fault=decide," + rules.agentArgs(), "")) {
      assertThat(Probe.plain("127.0.0.1", p.port()).gotBytes()).isFalse();
      List<RecordedEvent> failed = named(dump(jdk, p, "fault"), "dev.tcpwrap.CheckFailed");
      assertThat(failed).hasSize(1);
      assertThat(failed.get(0).getString("daemon")).isEqualTo("faulty");
      assertThat(failed.get(0).getString("client")).isEqualTo("127.0.0.1");
      assertThat(failed.get(0).getString("outcome")).isEqualTo("onerror=deny");
      assertThat(failed.get(0).getString("failure")).isNotBlank();
    }
  }
}
