package dev.tcpwrap.it.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.it.agent.harness.AgentProcess;
import dev.tcpwrap.it.agent.harness.HostsFiles;
import dev.tcpwrap.it.agent.harness.Jdk;
import dev.tcpwrap.it.agent.harness.Probe;
import dev.tcpwrap.it.agent.servers.JdkServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Log destinations with the real agent jar: {@code log=slf4j} into the application's own logback
 * (SLF4J 2.x) and slf4j-simple (SLF4J 1.7), the fallback to stderr without SLF4J, and a log file.
 */
class LoggingTest {

  @TempDir Path dir;

  /** The jars of an application logging setup copied by the build into it-lib/NAME. */
  static Path[] lib(String name) throws IOException {
    Path d = Path.of(System.getProperty("tcpwrap.it.lib", "target/it-lib")).resolve(name);
    try (Stream<Path> s = Files.list(d)) {
      return s.filter(p -> p.toString().endsWith(".jar")).sorted().toArray(Path[]::new);
    }
  }

  private HostsFiles rules() throws IOException {
    return HostsFiles.denying127002(dir);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
  void slf4j2RecordsLandInTheApplicationsLogbackFile(Jdk jdk) throws Exception {
    Path logFile = dir.resolve("app.log");
    Path config =
        Files.writeString(
            dir.resolve("logback.xml"),
            """
        <configuration>
          <appender name="FILE" class="ch.qos.logback.core.FileAppender">
            <file>%s</file>
            <encoder><pattern>%%level %%logger [%%thread] %%msg%%n</pattern></encoder>
          </appender>
          <root level="INFO"><appender-ref ref="FILE"/></root>
        </configuration>
        """
                .formatted(logFile));
    try (AgentProcess p =
        AgentProcess.builder(jdk, Slf4jApp.class)
            .classpath(lib("slf4j2-logback"))
            .jvmArgs("-Dlogback.configurationFile=" + config)
            .agentArgs("daemon=shop,log=slf4j,log-allowed=true," + rules().agentArgs())
            .args("PLAIN")
            .start()) {
      assertThat(p.stdout()).contains("SLF4J ch.qos.logback.classic.LoggerContext");
      assertThat(Probe.plain("127.0.0.2", p.port()).gotBytes()).isFalse();
      assertThat(Probe.plain("127.0.0.1", p.port()).received()).isEqualTo("HELLO 127.0.0.1\n");
      awaitFileLine(
          logFile, "WARN tcpwrap.shop [tcpwrap-log] refused connect from 127.0.0.2 (127.0.0.2)");
      awaitFileLine(logFile, "INFO tcpwrap.shop [tcpwrap-log] connect from 127.0.0.1 (127.0.0.1)");
      assertThat(Files.readAllLines(logFile)).contains("INFO app [main] app starting");
      // before SLF4J was ready the agent wrote to stderr, then said where the records go
      p.awaitStderr(
          l ->
              l.contains(
                  "info: log=slf4j: from now on log records go to the application's SLF4J"
                      + " (ch.qos.logback.classic.LoggerContext)"),
          Duration.ofSeconds(5));
      assertThat(p.stderr())
          .anyMatch(
              l ->
                  l.contains(
                      "info: log=slf4j: logging to stderr until the application"
                          + " initialises SLF4J"));
      assertThat(p.stderr()).noneMatch(l -> l.contains("refused connect"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
  void slf4j17WithSimpleLogger(Jdk jdk) throws Exception {
    try (AgentProcess p =
        AgentProcess.builder(jdk, Slf4jApp.class)
            .classpath(lib("slf4j1-simple"))
            .jvmArgs("-Dorg.slf4j.simpleLogger.logFile=System.out")
            .agentArgs("daemon=legacy,log=slf4j," + rules().agentArgs())
            .args("PLAIN")
            .start()) {
      assertThat(p.stdout()).contains("SLF4J org.slf4j.impl.SimpleLoggerFactory");
      assertThat(Probe.plain("127.0.0.2", p.port()).gotBytes()).isFalse();
      p.awaitStdout(
          l ->
              l.equals(
                  "[tcpwrap-log] WARN tcpwrap.legacy - refused connect from 127.0.0.2 (127.0.0.2)"),
          Duration.ofSeconds(5));
      assertThat(p.stderr()).noneMatch(l -> l.contains("refused connect"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
  void noSlf4jFallsBackToStderrWithOneNotice(Jdk jdk) throws Exception {
    try (AgentProcess p =
        AgentProcess.builder(jdk, Slf4jApp.class)
            .agentArgs("daemon=plain,log=slf4j," + rules().agentArgs())
            .args("PLAIN")
            .start()) {
      assertThat(p.stdout()).contains("NO SLF4J");
      assertThat(Probe.plain("127.0.0.2", p.port()).gotBytes()).isFalse();
      assertThat(Probe.plain("127.0.0.1", p.port()).received()).isEqualTo("HELLO 127.0.0.1\n");
      p.awaitStderr(
          l -> l.equals("plain[" + p.pid() + "]: refused connect from 127.0.0.2 (127.0.0.2)"),
          Duration.ofSeconds(5));
      assertThat(p.stderr().stream().filter(l -> l.contains("log=slf4j:")).toList())
          .as("notices")
          .containsExactly(
              "tcpwrap["
                  + p.pid()
                  + "]: warning: log=slf4j: SLF4J is not on the application class"
                  + " path; logging to stderr (until an application class loader loads it)");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
  void logFileIsAppendedToAndReopenedAfterRotation(Jdk jdk) throws Exception {
    Path log = Files.writeString(dir.resolve("tcpwrap.log"), "earlier line\n");
    HostsFiles rules = rules();
    try (AgentProcess p =
        AgentProcess.builder(jdk, JdkServer.class)
            .agentArgs("daemon=filed,log=" + log + "," + rules.agentArgs())
            .args("PLAIN")
            .start()) {
      String refused = "filed[" + p.pid() + "]: refused connect from 127.0.0.2 (127.0.0.2)";
      assertThat(Probe.plain("127.0.0.2", p.port()).gotBytes()).isFalse();
      awaitFileLine(log, refused);
      // the rule files' start-up report comes from the reload thread: let it finish before rotating
      awaitFileLine(log, "tcpwrap[" + p.pid() + "]: info: loaded " + rules.deny() + ": 1 rule");
      List<String> lines = Files.readAllLines(log);
      assertThat(lines.get(0)).isEqualTo("earlier line");
      assertThat(lines)
          .anyMatch(
              l ->
                  l.matches(
                      "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\S+ "
                          + "tcpwrap\\[\\d+\\]: info: effective configuration: .*"));

      // logrotate's default: rename, then the agent creates a new file at the next line
      Path rotated = dir.resolve("tcpwrap.log.1");
      Files.move(log, rotated);
      assertThat(Probe.plain("127.0.0.2", p.port()).gotBytes()).isFalse();
      awaitFileLine(log, refused);
      assertThat(Files.readAllLines(log)).hasSize(1);

      // copytruncate: the next line lands at the start, with no hole of zeros before it
      Files.write(log, new byte[0]);
      assertThat(Probe.plain("127.0.0.2", p.port()).gotBytes()).isFalse();
      awaitFileLine(log, refused);
      assertThat(Files.readString(log)).doesNotContain("\0").endsWith(refused + "\n");
      assertThat(Files.readAllLines(log)).hasSize(1);
      assertThat(p.stderr()).noneMatch(l -> l.contains("refused connect"));
    }
  }

  static void awaitFileLine(Path file, String suffix) throws Exception {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (true) {
      List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
      if (lines.stream().anyMatch(l -> l.endsWith(suffix))) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no line ending in '" + suffix + "' in " + file + ": " + lines);
      }
      Thread.sleep(20);
    }
  }
}
