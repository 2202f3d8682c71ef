package dev.tcpwrap.it.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.it.agent.harness.AgentProcess;
import dev.tcpwrap.it.agent.harness.HostsFiles;
import dev.tcpwrap.it.agent.harness.Jdk;
import dev.tcpwrap.it.agent.harness.Probe;
import dev.tcpwrap.it.agent.servers.JdkServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A log destination that fails ({@code log=/dev/full}: every write is {@code ENOSPC}) is reported
 * once on stderr, however many lines fail, and what was lost is counted and summed up at exit.
 */
class FailingLogTest {

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
  void devFullIsReportedOnceAndItsLinesCounted(Jdk jdk) throws Exception {
    HostsFiles rules = HostsFiles.denying127002(dir);
    try (AgentProcess p =
        AgentProcess.builder(jdk, JdkServer.class)
            .agentArgs("daemon=full,log=/dev/full," + rules.agentArgs())
            .args("PLAIN")
            .start()) {
      String failed =
          "tcpwrap["
              + p.pid()
              + "]: error: log destination file /dev/full failed: No space left on device; its"
              + " lines are lost, and counted, until it works again";
      p.awaitStderr(failed::equals, Duration.ofSeconds(10)); // the start-up lines already failed
      for (int i = 0; i < 3; i++) {
        assertThat(Probe.plain("127.0.0.2", p.port()).gotBytes()).isFalse();
      }
      // SIGTERM through the handle, which (unlike Process.destroy) leaves the pipes open: the exit
      // summary comes after every write
      ProcessHandle.of(p.pid()).orElseThrow().destroy();
      assertThat(p.awaitExit(Duration.ofSeconds(20))).isEqualTo(143);
      String summary =
          p.awaitStderr(
              l ->
                  l.startsWith(
                      "tcpwrap[" + p.pid() + "]: warning: log destination file /dev/full: "),
              Duration.ofSeconds(10));
      Matcher m =
          Pattern.compile(
                  ": (\\d+) lines lost \\(0 with the queue full, (\\d+) failed\\); last failure:"
                      + " No space left on device$")
              .matcher(summary);
      assertThat(m.find()).as(summary).isTrue();
      // the three refusals and the start-up lines (configuration, start); the rule files are
      // loaded and reported off the starting thread, so their two lines may come after the end
      assertThat(Long.parseLong(m.group(1)))
          .isEqualTo(Long.parseLong(m.group(2)))
          .isGreaterThanOrEqualTo(3 + 2);
      assertThat(p.stderr().stream().filter(l -> l.contains("log destination file /dev/full")))
          .containsExactly(failed, summary);
      assertThat(p.stderr()).noneMatch(l -> l.contains("refused connect"));
    }
  }
}
