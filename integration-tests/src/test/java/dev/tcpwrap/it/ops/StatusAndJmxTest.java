package dev.tcpwrap.it.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.tools.attach.VirtualMachine;
import dev.tcpwrap.it.agent.harness.AgentProcess;
import dev.tcpwrap.it.agent.harness.HostsFiles;
import dev.tcpwrap.it.agent.harness.Jdk;
import dev.tcpwrap.it.agent.harness.Probe;
import dev.tcpwrap.it.agent.servers.JdkServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What operators read from a running agent: {@code java -jar tcpwrap.jar status PID} (through the
 * attach API, loading nothing) and the {@code dev.tcpwrap:type=Agent} MXBean through the JDK's
 * local JMX connector, after real connections: three refused from 127.0.0.2, two allowed from
 * 127.0.0.1; rules that never match; a reload by the MXBean's operation.
 */
class StatusAndJmxTest {

  @TempDir Path dir;

  private static final String ALLOW = "ALL: 127.0.0.1\nsshd: 10.9.9.9\n";
  private static final String DENY = "ALL: 127.0.0.2\nftpd: ALL\n";

  private AgentProcess server(Jdk jdk, HostsFiles rules, String... jvmArgs) throws Exception {
    return AgentProcess.builder(jdk, JdkServer.class)
        .agentArgs("daemon=shop," + rules.agentArgs())
        .jvmArgs(jvmArgs)
        .args(JdkServer.Kind.PLAIN.name())
        .start();
  }

  private static void traffic(AgentProcess p) throws Exception {
    for (int i = 0; i < 3; i++) {
      assertThat(Probe.plain("127.0.0.2", p.port()).gotBytes()).as("127.0.0.2 refused").isFalse();
    }
    for (int i = 0; i < 2; i++) {
      assertThat(Probe.plain("127.0.0.1", p.port()).received()).isEqualTo("HELLO 127.0.0.1\n");
    }
  }

  // the status text is renewed once a second: ask until it shows what the test waits for
  private static Cli.Result statusShowing(Jdk jdk, AgentProcess p, String text) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    Cli.Result r;
    do {
      r = Cli.tcpwrap(jdk, "status", Long.toString(p.pid()));
      if (r.out().contains(text) || System.nanoTime() > deadline) {
        return r;
      }
      Thread.sleep(200);
    } while (true);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
  void statusTellsWhatTheAgentDoes(Jdk jdk) throws Exception {
    HostsFiles rules = HostsFiles.write(dir, ALLOW, DENY);
    try (AgentProcess p = server(jdk, rules)) {
      traffic(p);
      Cli.Result r = statusShowing(jdk, p, "checked 5,");
      assertThat(r.status()).as(r.toString()).isZero();
      String out = r.out();
      assertThat(out)
          .contains("tcpwrap agent in JVM " + p.pid() + ": active")
          .contains("mode:           enforce")
          .contains("daemons:        shop")
          .contains(rules.allow() + ": 2 rules, loaded ")
          .contains(rules.deny() + ": 2 rules, loaded ")
          .contains(
              "connections:    checked 5, allowed 2, refused 3, would-refuse 0, twisted 0,"
                  + " check failures 0")
          .containsPattern(
              "decided most: +3  "
                  + quoted(rules.deny() + ":1")
                  + "  ALL: 127\\.0\\.0\\.2  \\(last ")
          .containsPattern(
              " +2  " + quoted(rules.allow() + ":1") + "  ALL: 127\\.0\\.0\\.1  \\(last ")
          .contains("never matched:  2 of 4 rules")
          .contains(rules.allow() + ":2  sshd: 10.9.9.9")
          .contains(rules.deny() + ":2  ftpd: ALL")
          .containsPattern("last refused: +\\S+Z  127\\.0\\.0\\.2  shop  hosts\\.deny:1\n")
          .contains("warnings:       none");
      assertThat(out.lines().filter(l -> l.contains("127.0.0.2  shop  hosts.deny:1")))
          .as("each refusal listed")
          .hasSize(3);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
  void statusShowsOpenProblems(Jdk jdk) throws Exception {
    // an empty option field denies, and check reports it; a missing hosts.allow is empty
    HostsFiles rules = HostsFiles.write(dir, "", "ALL: 127.0.0.2:\n");
    Files.delete(rules.allow());
    try (AgentProcess p = server(jdk, rules)) {
      assertThat(Probe.plain("127.0.0.2", p.port()).gotBytes()).isFalse();
      Cli.Result r = statusShowing(jdk, p, "refused 1,");
      assertThat(r.status()).as(r.toString()).isZero();
      assertThat(r.out())
          .contains(rules.allow() + ": missing (treated as empty)")
          .contains(rules.deny() + ": 1 rule, loaded ")
          .containsPattern(
              "warnings: +(warning|error): " + quoted(rules.deny().toString()) + ", line 1: ");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
  void statusOfAJvmWithoutTheAgentLoadsNothing(Jdk jdk) throws Exception {
    try (AgentProcess p =
        AgentProcess.builder(jdk, JdkServer.class)
            .withoutAgent()
            .args(JdkServer.Kind.PLAIN.name())
            .start()) {
      Cli.Result r = Cli.tcpwrap(jdk, "status", Long.toString(p.pid()));
      assertThat(r.status()).as(r.toString()).isEqualTo(1);
      assertThat(r.err()).contains("tcpwrap status: no tcpwrap agent in JVM " + p.pid());
      // still unprotected, and no trace of the agent in it
      assertThat(Probe.plain("127.0.0.2", p.port()).received()).isEqualTo("HELLO 127.0.0.2\n");
      Properties props = systemProperties(p.pid());
      assertThat(props.stringPropertyNames()).noneMatch(k -> k.startsWith("dev.tcpwrap."));
      assertThat(p.stderr()).noneMatch(l -> l.contains("tcpwrap"));
    }
  }

  @Test
  void statusUsageErrors() throws Exception {
    Jdk jdk = Jdk.all().get(0);
    Cli.Result none = Cli.tcpwrap(jdk, "status");
    assertThat(none.status()).as(none.toString()).isEqualTo(2);
    assertThat(none.err()).contains("tcpwrap status: missing PID").contains("usage:");
    Cli.Result bad = Cli.tcpwrap(jdk, "status", "12x");
    assertThat(bad.status()).as(bad.toString()).isEqualTo(2);
    assertThat(bad.err()).contains("not a process id: '12x'");
    Cli.Result gone = Cli.tcpwrap(jdk, "status", "999999999");
    assertThat(gone.status()).as(gone.toString()).isEqualTo(1);
    assertThat(gone.err()).contains("tcpwrap status: cannot ask JVM 999999999");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
  void mxBeanThroughTheLocalConnector(Jdk jdk) throws Exception {
    HostsFiles rules = HostsFiles.write(dir, ALLOW, DENY);
    // a second daemon name (for a port nobody uses) makes the per-daemon MXBeans appear
    try (AgentProcess p =
        AgentProcess.builder(jdk, JdkServer.class)
            .agentArgs("daemon=shop,daemon.1=other," + rules.agentArgs())
            .jvmArgs("-Ddev.tcpwrap.agent.jmx.delay=0")
            .args(JdkServer.Kind.PLAIN.name())
            .start()) {
      traffic(p);
      String url = localConnector(p.pid());
      try (JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL(url))) {
        MBeanServerConnection mbs = c.getMBeanServerConnection();
        ObjectName name = new ObjectName("dev.tcpwrap:type=Agent");
        awaitRegistered(mbs, name);
        assertThat(mbs.getAttribute(name, "Mode")).isEqualTo("enforce");
        assertThat((String[]) mbs.getAttribute(name, "Daemons"))
            .containsExactlyInAnyOrder("shop", "other");
        ObjectName shop = new ObjectName("dev.tcpwrap:type=Daemon,name=shop");
        ObjectName other = new ObjectName("dev.tcpwrap:type=Daemon,name=other");
        assertThat(mbs.getAttribute(shop, "Refused")).isEqualTo(3L);
        assertThat(mbs.getAttribute(other, "Refused")).isEqualTo(0L);
        assertThat(mbs.getAttribute(other, "Allowed")).isEqualTo(0L);
        assertThat(mbs.getAttribute(name, "Refused")).isEqualTo(3L);
        assertThat(mbs.getAttribute(name, "WouldRefuse")).isEqualTo(0L);
        assertThat(mbs.getAttribute(name, "CheckFailures")).isEqualTo(0L);
        // the connector's own connections come from 127.0.0.1 and are checked too
        long allowed = (Long) mbs.getAttribute(name, "Allowed");
        assertThat(allowed).isGreaterThanOrEqualTo(2L);
        assertThat(mbs.getAttribute(name, "Checked")).isEqualTo(allowed + 3);
        assertThat(mbs.getAttribute(shop, "Allowed")).isEqualTo(allowed);
        assertThat(mbs.getAttribute(name, "CommandsDropped")).isEqualTo(0L);

        CompositeData[] files = (CompositeData[]) mbs.getAttribute(name, "RuleFiles");
        assertThat(files).hasSize(2);
        assertThat(files[1].get("path")).isEqualTo(rules.deny().toString());
        assertThat(files[1].get("rules")).isEqualTo(2);
        assertThat((Long) files[1].get("loadedMillis")).isPositive();
        assertThat((String[]) files[1].get("problems")).isEmpty();

        Map<String, Long> hits = hitCounts(mbs, name);
        assertThat(hits)
            .containsEntry(rules.deny() + ":1", 3L)
            .containsEntry(rules.deny() + ":2", 0L)
            .containsEntry(rules.allow() + ":2", 0L);
        assertThat(hits.get(rules.allow() + ":1")).isEqualTo(allowed);
        assertThat((String[]) mbs.getAttribute(name, "RulesNeverMatched"))
            .containsExactly(rules.allow() + ":2  sshd: 10.9.9.9", rules.deny() + ":2  ftpd: ALL");
        assertThat((String[]) mbs.getAttribute(name, "LastRefused"))
            .hasSize(3)
            .allMatch(l -> l.endsWith(" 127.0.0.2 shop hosts.deny:1 refused"));

        // the reload operation takes a change now, and the counts of the changed file start again
        Files.writeString(rules.deny(), "ALL: 127.0.0.2\nftpd: ALL\nALL: 127.0.0.3\n");
        Thread.sleep(300); // older than the settle time, or a reload waits for it
        String done = (String) mbs.invoke(name, "reload", null, null);
        if (!done.startsWith("reloaded")) {
          // the watcher may have been quicker: then it is in force already
          assertThat(done).startsWith("no change");
        }
        assertThat(mbs.getAttribute(name, "RuleReloads")).isEqualTo(1L);
        assertThat(Probe.plain("127.0.0.3", p.port()).gotBytes()).isFalse();
        hits = hitCounts(mbs, name);
        assertThat(hits)
            .containsEntry(rules.deny() + ":1", 0L)
            .containsEntry(rules.deny() + ":3", 1L)
            .containsEntry(rules.allow() + ":1", (Long) mbs.getAttribute(name, "Allowed"));
        assertThat((String) mbs.getAttribute(name, "StatusText"))
            .contains("refused 4,")
            .contains("never matched:  3 of 5 rules");
      }
    }
  }

  private static Map<String, Long> hitCounts(MBeanServerConnection mbs, ObjectName name)
      throws Exception {
    TabularData t = (TabularData) mbs.getAttribute(name, "RuleHitCounts");
    Map<String, Long> m = new java.util.HashMap<>();
    for (Object row : t.values()) {
      CompositeData cd = (CompositeData) row;
      m.put((String) cd.get("key"), (Long) cd.get("value"));
    }
    return m;
  }

  private static void awaitRegistered(MBeanServerConnection mbs, ObjectName name) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!mbs.isRegistered(name)) {
      assertThat(System.nanoTime()).as(name + " registered in time").isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  // the JDK's local JMX connector of the target, started through the attach API (as JConsole does)
  private static String localConnector(long pid) throws Exception {
    VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
    try {
      return vm.startLocalManagementAgent();
    } finally {
      vm.detach();
    }
  }

  private static Properties systemProperties(long pid) throws Exception {
    VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
    try {
      return vm.getSystemProperties();
    } finally {
      vm.detach();
    }
  }

  private static String quoted(String s) {
    return java.util.regex.Pattern.quote(s);
  }
}
