package dev.tcpwrap.it.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.it.agent.harness.AgentProcess;
import dev.tcpwrap.it.agent.harness.HostsFiles;
import dev.tcpwrap.it.agent.harness.Jdk;
import dev.tcpwrap.it.agent.harness.Probe;
import dev.tcpwrap.it.agent.servers.JdkServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code log=syslog...} against a real rsyslogd ({@link Rsyslog}): over UDP (RFC 3164), over TCP
 * (RFC 5424, octet counting) across a restart of the collector, and through the local socket (Java
 * 22+; on Java 17 the one-line notice and stderr). Each checks facility, priority, tag and text of
 * tcpd's lines, with tcpd's defaults ({@code daemon.info} allowed, {@code daemon.warning} refused)
 * and a rule's {@code severity} option, and the agent's own diagnostics.
 */
class SyslogTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  // 127.0.0.1 allowed by default, .2 refused by default, .3 allowed and .4 refused by rules with a
  // severity option (with and without a facility)
  private HostsFiles rules() throws Exception {
    return HostsFiles.write(
        dir,
        "ALL: 127.0.0.3: severity local3.notice\n",
        "ALL: 127.0.0.2\nALL: 127.0.0.4: severity crit\n");
  }

  private static AgentProcess agent(Jdk jdk, HostsFiles rules, String log) throws Exception {
    return AgentProcess.builder(jdk, JdkServer.class)
        .agentArgs("daemon=shop,log-allowed=true,log=" + log + "," + rules.agentArgs())
        .args("PLAIN")
        .start();
  }

  private static void connectFromAll(int port) throws Exception {
    assertThat(Probe.plain("127.0.0.1", port).received()).isEqualTo("HELLO 127.0.0.1\n");
    assertThat(Probe.plain("127.0.0.2", port).gotBytes()).isFalse();
    assertThat(Probe.plain("127.0.0.3", port).received()).isEqualTo("HELLO 127.0.0.3\n");
    assertThat(Probe.plain("127.0.0.4", port).gotBytes()).isFalse();
  }

  /**
   * The lines rsyslog writes for {@link #connectFromAll}; {@code colon} ends the tag in the BSD
   * forms (RFC 5424 has APP-NAME and PROCID fields instead, which rsyslog joins as {@code
   * shop[PID]}).
   */
  private static void awaitAccessLines(Rsyslog r, long pid, String colon) throws Exception {
    String tag = "shop[" + pid + "]" + colon + " ";
    for (String line :
        List.of(
            "daemon.info " + tag + "connect from 127.0.0.1 (127.0.0.1)",
            "daemon.warning " + tag + "refused connect from 127.0.0.2 (127.0.0.2)",
            "local3.notice " + tag + "connect from 127.0.0.3 (127.0.0.3)",
            "daemon.crit " + tag + "refused connect from 127.0.0.4 (127.0.0.4)")) {
      r.await(line::equals, WAIT);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
  void udpLinesReadAsTcpdsWithFacilityPriorityAndTag(Jdk jdk) throws Exception {
    HostsFiles rules = rules();
    try (Rsyslog r = Rsyslog.start(dir);
        AgentProcess p = agent(jdk, rules, "syslog://127.0.0.1:" + r.udpPort())) {
      connectFromAll(p.port());
      awaitAccessLines(r, p.pid(), ":");
      // the agent's own diagnostics go there too, at their level, tagged tcpwrap
      r.await(
          ("daemon.info tcpwrap[" + p.pid() + "]: info: loaded " + rules.deny() + ": 2 rules")
              ::equals,
          WAIT);
      assertThat(p.stderr()).noneMatch(l -> l.contains("connect from"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
  void tcpKeepsLinesWhileTheCollectorRestarts(Jdk jdk) throws Exception {
    HostsFiles rules = rules();
    try (Rsyslog r = Rsyslog.start(dir)) {
      String dest = "syslog+tcp://127.0.0.1:" + r.tcpPort();
      try (AgentProcess p = agent(jdk, rules, dest)) {
        connectFromAll(p.port());
        awaitAccessLines(r, p.pid(), "");
        String refused = "daemon.warning shop[" + p.pid() + "] refused connect from 127.0.0.2";

        r.stop();
        // refused while the collector is down: the line is kept, the failure said once
        assertThat(Probe.plain("127.0.0.2", p.port()).gotBytes()).isFalse();
        String failed =
            "tcpwrap["
                + p.pid()
                + "]: error: log destination "
                + dest
                + " failed: Connection refused; lines are kept (up to 10000) and sent when it"
                + " works again";
        p.awaitStderr(failed::equals, WAIT);
        assertThat(Probe.plain("127.0.0.2", p.port()).gotBytes()).isFalse();

        r.startAgain();
        assertThat(Probe.plain("127.0.0.2", p.port()).gotBytes()).isFalse();
        awaitCount(r, refused, 4);
        r.await(
            ("daemon.info tcpwrap["
                    + p.pid()
                    + "] info: log destination "
                    + dest
                    + " works again; 0 lines lost while it failed")
                ::equals,
            WAIT);
        assertThat(p.stderr().stream().filter(l -> l.contains("log destination")))
            .containsExactly(failed);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
  void localSocketOnJava22AndLaterOneNoticeBefore(Jdk jdk) throws Exception {
    HostsFiles rules = rules();
    try (Rsyslog r = Rsyslog.start(dir);
        AgentProcess p = agent(jdk, rules, "syslog:" + r.socket())) {
      connectFromAll(p.port());
      if (jdk.feature() >= 22) {
        awaitAccessLines(r, p.pid(), ":");
        r.await(
            ("daemon.info tcpwrap[" + p.pid() + "]: info: loaded " + rules.deny() + ": 2 rules")
                ::equals,
            WAIT);
        assertThat(p.stderr()).noneMatch(l -> l.contains("connect from"));
      } else {
        // the lines are not lost: stderr has them, after one line saying why and what to use
        p.awaitStderr(
            ("shop[" + p.pid() + "]: refused connect from 127.0.0.4 (127.0.0.4)")::equals, WAIT);
        assertThat(p.stderr().stream().filter(l -> l.contains("log=syslog: ")))
            .containsExactly(
                "tcpwrap["
                    + p.pid()
                    + "]: warning: log=syslog: cannot write the local syslog socket "
                    + r.socket()
                    + ": Java "
                    + jdk.feature()
                    + " cannot write a Unix datagram socket (Java 22+ can); logging to stderr"
                    + " instead. Use log=syslog://127.0.0.1:514 (UDP; rsyslog's imudp) or"
                    + " log=syslog+tcp://127.0.0.1:514, or run on Java 22 or later");
        assertThat(r.lines()).noneMatch(l -> l.contains("[" + p.pid() + "]"));
      }
    }
  }

  /** The JDKs with {@code --illegal-native-access} (Java 24+): a case per JDK, none skipped. */
  static java.util.stream.Stream<Jdk> jdks24() {
    java.util.List<Jdk> all = Jdk.all().stream().filter(j -> j.feature() >= 24).toList();
    if (all.isEmpty()) {
      throw new IllegalStateException("no Java 24+ JDK among tcpwrap.it.jdks");
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks24")
  void localSocketWithNativeAccessDeniedSaysHowToAllowIt(Jdk jdk) throws Exception {
    HostsFiles rules = rules();
    try (Rsyslog r = Rsyslog.start(dir);
        AgentProcess p =
            AgentProcess.builder(jdk, JdkServer.class)
                .jvmArgs("--illegal-native-access=deny")
                .agentArgs("daemon=shop,log=syslog:" + r.socket() + "," + rules.agentArgs())
                .args("PLAIN")
                .start()) {
      assertThat(Probe.plain("127.0.0.2", p.port()).gotBytes()).isFalse();
      p.awaitStderr(
          ("shop[" + p.pid() + "]: refused connect from 127.0.0.2 (127.0.0.2)")::equals, WAIT);
      assertThat(p.stderr().stream().filter(l -> l.contains("log=syslog: ")))
          .singleElement()
          .satisfies(
              l ->
                  assertThat(l)
                      .startsWith(
                          "tcpwrap["
                              + p.pid()
                              + "]: warning: log=syslog: cannot write the local syslog socket "
                              + r.socket()
                              + ": the JVM refuses native access (java.lang.IllegalCallerException:")
                      .endsWith(
                          "; logging to stderr instead. Use log=syslog://127.0.0.1:514 (UDP;"
                              + " rsyslog's imudp) or log=syslog+tcp://127.0.0.1:514, or start the"
                              + " JVM with --enable-native-access=ALL-UNNAMED"));
    }
  }

  private static void awaitCount(Rsyslog r, String prefix, int n) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (r.lines().stream().filter(l -> l.startsWith(prefix)).count() < n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("fewer than " + n + " lines '" + prefix + "': " + r.lines());
      }
      Thread.sleep(50);
    }
  }
}
