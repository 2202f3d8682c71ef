package dev.tcpwrap.it.options;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.it.agent.harness.AgentProcess;
import dev.tcpwrap.it.agent.harness.HostsFiles;
import dev.tcpwrap.it.agent.harness.Jdk;
import dev.tcpwrap.it.agent.servers.JdkServer;
import dev.tcpwrap.it.agent.servers.JdkServer.Kind;
import dev.tcpwrap.it.agent.servers.SocketOptionsServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * hosts_options(5) carried out by the real agent in a forked JVM: spawn, twist, banners, severity,
 * keepalive and linger, with a hostile host name for the shell-safety rule. 127.0.0.1 and 127.0.0.2
 * are both loopback clients.
 */
class RuleOptionsTest {

  private static final String DAEMON = "optd";

  @TempDir Path dir;

  static Jdk java17() {
    return Jdk.all().stream().filter(j -> j.feature() == 17).findFirst().orElse(Jdk.all().get(0));
  }

  static Jdk newest() {
    return Jdk.all().stream()
        .filter(Jdk::exists)
        .max((a, b) -> Integer.compare(a.feature(), b.feature()))
        .orElse(Jdk.all().get(0));
  }

  /** Java 17 with the blocking and channel accept paths; the newest JDK with the plain one. */
  static Stream<Arguments> servers() {
    List<Arguments> all = new ArrayList<>();
    all.add(Arguments.of(java17(), Kind.PLAIN));
    all.add(Arguments.of(java17(), Kind.CHANNEL));
    all.add(Arguments.of(java17(), Kind.ASYNC_HANDLER));
    if (newest().feature() != 17) {
      all.add(Arguments.of(newest(), Kind.PLAIN));
    }
    return all.stream();
  }

  private AgentProcess start(Jdk jdk, Kind kind, HostsFiles files, String args) throws Exception {
    return AgentProcess.builder(jdk, JdkServer.class)
        .agentArgs(
            "daemon=" + DAEMON + "," + files.agentArgs() + (args.isEmpty() ? "" : "," + args))
        .args(kind.name())
        .start();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("servers")
  void spawnRunsTheExpandedCommandForARefusedClient(Jdk jdk, Kind kind) throws Exception {
    Path out = dir.resolve("spawned.txt");
    HostsFiles files =
        HostsFiles.write(dir, "", "ALL: 127.0.0.2: spawn (echo \"%a %d %h\" >> " + out + ") &\n");
    try (AgentProcess p = start(jdk, kind, files, "")) {
      assertThat(Client.exchange("127.0.0.2", p.port(), null)).isEmpty();
      assertThat(Client.awaitFile(out, c -> c.endsWith("\n"), Duration.ofSeconds(10)))
          .isEqualTo("127.0.0.2 " + DAEMON + " 127.0.0.2\n");
      p.awaitStderr(
          l -> l.equals(DAEMON + "[" + p.pid() + "]: refused connect from 127.0.0.2 (127.0.0.2)"),
          Duration.ofSeconds(5));
      assertThat(Client.exchange("127.0.0.1", p.port(), "PING\n")).isEqualTo("HELLO 127.0.0.1\n");
      assertThat(p.stdout()).noneMatch(l -> l.equals("ACCEPT 127.0.0.2"));
    }
  }

  /**
   * A reverse name full of shell syntax (from {@code -Djdk.net.hosts.file}, which the JDK reads
   * from Java 18 on and core's resolver honours) is not a host name, so it is no name at all
   * ({@code unknown}, as glibc has it): it reaches neither the expansion nor the log, and the
   * command substitution never runs. (The expansion's own sanitising, for what does reach it, is
   * PercentExpansionTest's.)
   */
  @Test
  void hostileHostNameIsNoNameInSpawn() throws Exception {
    Jdk jdk = newest();
    assertThat(jdk.feature())
        .as("jdk.net.hosts.file needs a Java 18+ JDK among tcpwrap.it.jdks")
        .isGreaterThanOrEqualTo(18);
    // short paths: libwrap (and core) cut names to 127 characters, and a cut name no longer
    // verifies
    Path side = Files.createDirectories(Path.of("/tmp/twp" + ProcessHandle.current().pid()));
    Path pwnedA = side.resolve("a");
    Path pwnedB = side.resolve("b");
    Path pwnedC = side.resolve("c");
    for (Path f : List.of(pwnedA, pwnedB, pwnedC)) {
      Files.deleteIfExists(f);
    }
    String name =
        "x$(touch${IFS}" + pwnedA + ")`touch${IFS}" + pwnedB + "`;touch${IFS}" + pwnedC + ";y";
    assertThat(name.length()).isLessThan(127);
    Path hosts =
        Files.writeString(dir.resolve("hosts"), "127.0.0.1 localhost\n127.0.0.2 " + name + "\n");
    Path out = dir.resolve("names.txt");
    HostsFiles files =
        HostsFiles.write(
            dir,
            "",
            "ALL: .example.com\nALL: 127.0.0.2: spawn echo n=%n h=%h c=%c > " + out + "\n");
    try (AgentProcess p =
        AgentProcess.builder(jdk, JdkServer.class)
            .agentArgs("daemon=" + DAEMON + "," + files.agentArgs())
            .jvmArgs("-Djdk.net.hosts.file=" + hosts)
            .args("PLAIN")
            .start()) {
      assertThat(Client.exchange("127.0.0.2", p.port(), null)).isEmpty();
      assertThat(Client.awaitFile(out, c -> c.endsWith("\n"), Duration.ofSeconds(10)))
          .isEqualTo("n=unknown h=127.0.0.2 c=127.0.0.2\n");
      assertThat(p.stderr()).noneMatch(l -> l.contains("touch"));
      Thread.sleep(300);
      assertThat(pwnedA).doesNotExist();
      assertThat(pwnedB).doesNotExist();
      assertThat(pwnedC).doesNotExist();
    } finally {
      Files.deleteIfExists(side);
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("servers")
  void twistConnectsTheClientToTheCommand(Jdk jdk, Kind kind) throws Exception {
    HostsFiles files =
        HostsFiles.write(dir, "ALL: 127.0.0.2: twist /bin/echo 421 go away %a\n", "");
    try (AgentProcess p = start(jdk, kind, files, "")) {
      assertThat(Client.exchange("127.0.0.2", p.port(), null)).isEqualTo("421 go away 127.0.0.2\n");
      p.awaitStderr(
          l ->
              l.equals(
                  DAEMON + "[" + p.pid() + "]: twist 127.0.0.2 to /bin/echo 421 go away 127.0.0.2"),
          Duration.ofSeconds(5));
      assertThat(Client.exchange("127.0.0.1", p.port(), "PING\n")).isEqualTo("HELLO 127.0.0.1\n");
      assertThat(p.stdout()).noneMatch(l -> l.contains("127.0.0.2"));
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("servers")
  void twistPumpsBothWays(Jdk jdk, Kind kind) throws Exception {
    HostsFiles files =
        HostsFiles.write(dir, "ALL: 127.0.0.2: twist read l; echo \"got $l from %a\"\n", "");
    try (AgentProcess p = start(jdk, kind, files, "")) {
      assertThat(Client.exchange("127.0.0.2", p.port(), "hello\n"))
          .isEqualTo("got hello from 127.0.0.2\n");
      assertThat(p.stdout()).noneMatch(l -> l.contains("127.0.0.2"));
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("servers")
  void bannersGoBeforeTheApplicationOrTheClose(Jdk jdk, Kind kind) throws Exception {
    Path banners = Files.createDirectories(dir.resolve("banners"));
    Files.writeString(banners.resolve(DAEMON), "Hello %a via %d\nline2 $(id)\n");
    HostsFiles files =
        HostsFiles.write(
            dir,
            "ALL: 127.0.0.1: banners " + banners + "\n",
            "ALL: 127.0.0.2: banners " + banners + "\n");
    try (AgentProcess p = start(jdk, kind, files, "")) {
      assertThat(Client.exchange("127.0.0.1", p.port(), "PING\n"))
          .isEqualTo("Hello 127.0.0.1 via " + DAEMON + "\r\nline2 $(id)\r\nHELLO 127.0.0.1\n");
      assertThat(Client.exchange("127.0.0.2", p.port(), null))
          .isEqualTo("Hello 127.0.0.2 via " + DAEMON + "\r\nline2 $(id)\r\n");
      p.awaitStderr(
          l -> l.endsWith("refused connect from 127.0.0.2 (127.0.0.2)"), Duration.ofSeconds(5));
      assertThat(p.stdout()).noneMatch(l -> l.contains("127.0.0.2"));
    }
  }

  @Test
  void severityRaisesTheRefusalLineAboveTheLogLevel() throws Exception {
    HostsFiles files =
        HostsFiles.write(dir, "", "ALL: 127.0.0.3\nALL: 127.0.0.2: severity auth.crit\n");
    try (AgentProcess p = start(java17(), Kind.PLAIN, files, "log-level=error")) {
      assertThat(Client.exchange("127.0.0.3", p.port(), null)).isEmpty();
      assertThat(Client.exchange("127.0.0.2", p.port(), null)).isEmpty();
      p.awaitStderr(
          l -> l.equals(DAEMON + "[" + p.pid() + "]: refused connect from 127.0.0.2 (127.0.0.2)"),
          Duration.ofSeconds(5));
      assertThat(p.stderr()).noneMatch(l -> l.contains("127.0.0.3"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"PLAIN", "CHANNEL"})
  void keepaliveAndLingerAreSetOnTheApplicationsSocket(String kind) throws Exception {
    HostsFiles files = HostsFiles.write(dir, "ALL: 127.0.0.1: keepalive: linger 7\n", "");
    try (AgentProcess p =
        AgentProcess.builder(java17(), SocketOptionsServer.class)
            .agentArgs("daemon=" + DAEMON + "," + files.agentArgs())
            .args(kind)
            .start()) {
      assertThat(Client.exchange("127.0.0.1", p.port(), "PING\n")).isEqualTo("HELLO 127.0.0.1\n");
      assertThat(Client.exchange("127.0.0.2", p.port(), "PING\n")).isEqualTo("HELLO 127.0.0.2\n");
      p.awaitStdout(l -> l.startsWith("ACCEPT 127.0.0.2"), Duration.ofSeconds(5));
      assertThat(p.stdout())
          .contains(
              "ACCEPT 127.0.0.1 keepalive=true linger=7",
              "ACCEPT 127.0.0.2 keepalive=false linger=-1");
    }
  }

  @Test
  void processWideOptionsAreExplainedAtLoad() throws Exception {
    HostsFiles files =
        HostsFiles.write(
            dir,
            "ALL: 127.0.0.1: umask 022: setenv A b\n",
            "ALL: 127.0.0.2: nice 5: user nobody\n");
    try (AgentProcess p = start(java17(), Kind.PLAIN, files, "")) {
      for (String o : List.of("umask", "setenv", "nice", "user")) {
        p.awaitStderr(
            l ->
                l.contains("warning: ")
                    && l.contains("option \"" + o + "\" has no effect inside a JVM: "),
            Duration.ofSeconds(5));
      }
      assertThat(Client.exchange("127.0.0.1", p.port(), "PING\n")).isEqualTo("HELLO 127.0.0.1\n");
      assertThat(Client.exchange("127.0.0.2", p.port(), null)).isEmpty();
    }
  }
}
