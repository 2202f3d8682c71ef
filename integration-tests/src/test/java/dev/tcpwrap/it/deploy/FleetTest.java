package dev.tcpwrap.it.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.tools.attach.VirtualMachine;
import dev.tcpwrap.it.agent.harness.AgentProcess;
import dev.tcpwrap.it.agent.harness.Jdk;
import dev.tcpwrap.it.agent.harness.Probe;
import dev.tcpwrap.it.agent.servers.JdkServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fleet check of issue 11: {@value #JVMS} JVMs on one host under the agent, small heaps, all
 * reading one rules directory laid out and updated the way the kubelet updates a ConfigMap volume
 * ({@code hosts.deny -> ..data/hosts.deny}, {@code ..data} swapped by rename). Every JVM refuses
 * the newly banned address within one second of the swap, and the refusals the JVMs count add up to
 * the refusals the clients saw: each JVM's {@code Refused} counter of the {@code
 * dev.tcpwrap:type=Agent} MXBean, read through the JDK's local JMX connector (started by the attach
 * API, as JConsole does), and each JVM's log lines.
 *
 * <p>With a warm class cache the twenty JVMs start in a few seconds, so this runs on each
 * configured JDK.
 */
class FleetTest {

  static final int JVMS = 20;

  /** Refused probes per JVM after the first one that showed the ban. */
  static final int MORE_REFUSALS = 3;

  static final long WITHIN_MS = 1000;

  /** How often each JVM is probed while the test waits for the ban. */
  static final long PROBE_EVERY_MS = 50;

  /** The agent's MXBean. */
  static final String MXBEAN = "dev.tcpwrap:type=Agent";

  /** The system property that sets how long after start the agent registers it (10 s if unset). */
  static final String DELAY_PROPERTY = "dev.tcpwrap.agent.jmx.delay";

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
  void everyJvmRefusesTheNewlyBannedAddressWithinOneSecondOfAConfigMapSwap(Jdk jdk)
      throws Exception {
    Path cm = Files.createDirectories(dir.resolve("configmap"));
    Path v1 = Files.createDirectories(cm.resolve("..2026_12_03_12_00_00.000000001"));
    Files.writeString(v1.resolve("hosts.allow"), "");
    Files.writeString(v1.resolve("hosts.deny"), "# nobody banned yet\n");
    Files.createSymbolicLink(cm.resolve("..data"), v1.getFileName());
    Path allow = Files.createSymbolicLink(cm.resolve("hosts.allow"), Path.of("..data/hosts.allow"));
    Path deny = Files.createSymbolicLink(cm.resolve("hosts.deny"), Path.of("..data/hosts.deny"));

    List<AgentProcess> fleet = new ArrayList<>();
    ExecutorService probes = Executors.newFixedThreadPool(JVMS);
    try {
      for (int i = 0; i < JVMS; i++) {
        fleet.add(
            AgentProcess.builder(jdk, JdkServer.class)
                .agentArgs("daemon=fleet,allow=" + allow + ",deny=" + deny)
                .jvmArgs(
                    "-Xmx32m",
                    "-XX:TieredStopAtLevel=1",
                    "-Xshare:auto",
                    "-D" + DELAY_PROPERTY + "=0")
                .args("PLAIN")
                .launch());
      }
      for (AgentProcess p : fleet) {
        p.awaitStdout(l -> l.startsWith("READY "), Duration.ofSeconds(180));
        p.awaitStderr(
            l -> l.equals("tcpwrap[" + p.pid() + "]: info: loaded " + deny + ": 0 rules"),
            Duration.ofSeconds(30));
        Probe.Result before = Probe.plain("127.0.0.2", p.port());
        assertThat(before.received())
            .as("before the ban (%s); stdout %s; stderr %s", before.end(), p.stdout(), p.stderr())
            .isEqualTo("HELLO 127.0.0.2\n");
      }

      // a fleet in service, not twenty JVMs in their first second: the last ones started are still
      // loading and compiling, on two cores shared by all twenty
      Thread.sleep(1000);

      // the kubelet's update: a new timestamped directory, a new ..data link renamed over the old
      Path v2 = Files.createDirectories(cm.resolve("..2026_12_03_12_01_00.000000002"));
      Files.writeString(v2.resolve("hosts.allow"), "");
      Files.writeString(v2.resolve("hosts.deny"), "ALL: 127.0.0.2\n");
      Path tmp = Files.createSymbolicLink(cm.resolve("..data_tmp"), v2.getFileName());
      long t0 = System.nanoTime();
      Files.move(
          tmp,
          cm.resolve("..data"),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);

      List<Future<long[]>> results = new ArrayList<>();
      for (AgentProcess p : fleet) {
        results.add(probes.submit(() -> untilRefused(p.port(), t0)));
      }
      long maxMs = 0;
      long clientRefusals = 0;
      List<Long> each = new ArrayList<>();
      for (Future<long[]> f : results) {
        long[] r = f.get();
        each.add(r[0]);
        maxMs = Math.max(maxMs, r[0]);
        clientRefusals += r[1];
      }
      System.out.println("fleet: " + JVMS + " JVMs refused 127.0.0.2 after (ms) " + each);
      assertThat(maxMs)
          .as("the slowest JVM took %d ms; all: %s", maxMs, each)
          .isLessThanOrEqualTo(WITHIN_MS);

      long logged = 0;
      for (AgentProcess p : fleet) {
        String line = "fleet[" + p.pid() + "]: refused connect from 127.0.0.2 (127.0.0.2)";
        p.awaitStderrCount(line, 1 + MORE_REFUSALS, Duration.ofSeconds(10));
        p.awaitStderr(
            l -> l.contains("info: reloaded " + deny + ": 1 rule (+1 -0)"), Duration.ofSeconds(5));
        assertThat(Probe.plain("127.0.0.1", p.port()).received()).isEqualTo("HELLO 127.0.0.1\n");
        logged += p.stderr().stream().filter(line::equals).count();
      }
      assertThat(clientRefusals).isEqualTo((long) JVMS * (1 + MORE_REFUSALS));
      assertThat(logged).as("refusals the JVMs logged, added up").isEqualTo(clientRefusals);

      long counted = 0;
      for (AgentProcess p : fleet) {
        long refused = refusedThroughJmx(p.pid());
        assertThat(refused).as("JVM %d's Refused counter", p.pid()).isEqualTo(1 + MORE_REFUSALS);
        counted += refused;
      }
      System.out.println("fleet: Refused counters through JMX add up to " + counted);
      assertThat(counted).as("Refused counters through JMX, added up").isEqualTo(clientRefusals);
    } finally {
      probes.shutdownNow();
      fleet.forEach(p -> ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroy));
      for (AgentProcess p : fleet) {
        p.close();
      }
    }
  }

  /**
   * @return the {@code Refused} attribute of the agent's MXBean in JVM {@code pid}, through the
   *     JDK's local JMX connector
   */
  static long refusedThroughJmx(long pid) throws Exception {
    VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
    String url;
    try {
      url = vm.startLocalManagementAgent();
    } finally {
      vm.detach();
    }
    try (JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL(url))) {
      MBeanServerConnection mbs = c.getMBeanServerConnection();
      ObjectName name = new ObjectName(MXBEAN);
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!mbs.isRegistered(name)) {
        assertThat(System.nanoTime())
            .as("%s registered in JVM %d", MXBEAN, pid)
            .isLessThan(deadline);
        Thread.sleep(50);
      }
      return (Long) mbs.getAttribute(name, "Refused");
    }
  }

  /**
   * Probes 127.0.0.2 until refused, then {@link #MORE_REFUSALS} more times.
   *
   * @return the milliseconds from {@code t0} to the first refusal, and the refusals seen
   */
  static long[] untilRefused(int port, long t0) throws Exception {
    while (true) {
      boolean served = Probe.plain("127.0.0.2", port).gotBytes();
      long ms = (System.nanoTime() - t0) / 1_000_000;
      if (!served) {
        long refusals = 1;
        for (int i = 0; i < MORE_REFUSALS; i++) {
          assertThat(Probe.plain("127.0.0.2", port).gotBytes()).isFalse();
          refusals++;
        }
        return new long[] {ms, refusals};
      }
      if (ms > 10_000) {
        throw new AssertionError("port " + port + ": 127.0.0.2 still served after " + ms + " ms");
      }
      // 20 probing clients at once: every 50 ms each keeps the probes' own load on the two cores
      // small; a probe can only see the change later than it happened, never earlier
      Thread.sleep(PROBE_EVERY_MS);
    }
  }
}
