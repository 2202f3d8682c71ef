package dev.tcpwrap.it.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.it.agent.harness.AgentProcess;
import dev.tcpwrap.it.agent.harness.Jdk;
import dev.tcpwrap.it.agent.harness.Probe;
import dev.tcpwrap.it.agent.servers.JdkServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rule files reloaded without a restart, under live traffic, with the real agent jar: a change
 * takes effect within one second, no allowed connection fails while the rules are swapped, and the
 * reload is logged.
 */
class ReloadTest {

  /**
   * What "takes effect within one second" allows, measured from the change to the first probe that
   * shows it.
   */
  static final long WITHIN_MS = 1000;

  @TempDir Path dir;

  /**
   * hosts.deny is a ConfigMap-style symbolic link ({@code hosts.deny -> ..data/hosts.deny}, {@code
   * ..data -> ..v1}). First the file is replaced by rename (as fail2ban and editors do) to refuse
   * 127.0.0.2, then {@code ..data} is swapped to a new directory (as the kubelet does) to allow it
   * again.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
  void renameThenSymlinkSwapTakeEffectWithinOneSecondUnderLiveTraffic(Jdk jdk) throws Exception {
    Path allow = Files.writeString(dir.resolve("hosts.allow"), "");
    Path cm = Files.createDirectories(dir.resolve("configmap"));
    Path v1 = Files.createDirectories(cm.resolve("..v1"));
    Files.writeString(v1.resolve("hosts.deny"), "# nobody denied yet\n");
    Files.createSymbolicLink(cm.resolve("..data"), Path.of("..v1"));
    Path deny = Files.createSymbolicLink(cm.resolve("hosts.deny"), Path.of("..data/hosts.deny"));

    try (AgentProcess p =
        AgentProcess.builder(jdk, JdkServer.class)
            .agentArgs("daemon=reload,allow=" + allow + ",deny=" + deny)
            .args("PLAIN")
            .start()) {
      int port = p.port();
      assertThat(Probe.plain("127.0.0.2", port).received()).isEqualTo("HELLO 127.0.0.2\n");
      p.awaitStderr(l -> l.contains("info: loaded " + deny + ": 0 rules"), Duration.ofSeconds(5));

      try (LiveTraffic traffic = LiveTraffic.start(port)) {
        traffic.awaitMore(20);

        // 1. replaced by rename: write a temporary file, rename it over the old one
        Path tmp = Files.writeString(v1.resolve(".hosts.deny.tmp"), "ALL: 127.0.0.2\n");
        long t0 = System.nanoTime();
        Files.move(
            tmp,
            v1.resolve("hosts.deny"),
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
        long ms = awaitServed(port, false, t0);
        assertThat(ms).as("rename took effect after %d ms", ms).isLessThanOrEqualTo(WITHIN_MS);
        p.awaitStderr(
            l -> l.contains("info: reloaded " + deny + ": 1 rule (+1 -0)"), Duration.ofSeconds(5));
        p.awaitStderr(l -> l.contains("info:   + ALL: 127.0.0.2"), Duration.ofSeconds(5));
        p.awaitStderr(
            l -> l.equals("reload[" + p.pid() + "]: refused connect from 127.0.0.2 (127.0.0.2)"),
            Duration.ofSeconds(5));
        traffic.awaitMore(20);

        // 2. swapped through the ..data link, the way a ConfigMap volume is updated
        Path v2 = Files.createDirectories(cm.resolve("..v2"));
        Files.writeString(v2.resolve("hosts.deny"), "# 127.0.0.2 pardoned\n");
        Path newLink = Files.createSymbolicLink(cm.resolve("..data_tmp"), Path.of("..v2"));
        long t1 = System.nanoTime();
        Files.move(
            newLink,
            cm.resolve("..data"),
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
        long ms2 = awaitServed(port, true, t1);
        assertThat(ms2)
            .as("symlink swap took effect after %d ms", ms2)
            .isLessThanOrEqualTo(WITHIN_MS);
        p.awaitStderr(
            l -> l.contains("info: reloaded " + deny + ": 0 rules (+0 -1)"), Duration.ofSeconds(5));
        p.awaitStderr(l -> l.contains("info:   - ALL: 127.0.0.2"), Duration.ofSeconds(5));
        traffic.awaitMore(20);

        assertThat(traffic.failures())
            .as("allowed connections that failed during the swaps")
            .isEmpty();
        assertThat(traffic.served()).isGreaterThan(60);
      }
      assertThat(p.stderr()).noneMatch(l -> l.contains("refused connect from 127.0.0.1"));
    }
  }

  /**
   * Plain files: deleted (missing is empty), created, edited in place; each within a second, each
   * logged.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
  void deleteCreateAndEditInPlace(Jdk jdk) throws Exception {
    Path allow = Files.writeString(dir.resolve("hosts.allow"), "");
    Path deny = Files.writeString(dir.resolve("hosts.deny"), "ALL: 127.0.0.2\n");
    try (AgentProcess p =
        AgentProcess.builder(jdk, JdkServer.class)
            .agentArgs("daemon=files,reload=100ms,allow=" + allow + ",deny=" + deny)
            .args("PLAIN")
            .start()) {
      int port = p.port();
      assertThat(Probe.plain("127.0.0.2", port).gotBytes()).isFalse();

      long t0 = System.nanoTime();
      Files.delete(deny);
      assertThat(awaitServed(port, true, t0)).isLessThanOrEqualTo(WITHIN_MS);
      p.awaitStderr(
          l -> l.contains("info: reloaded " + deny + ": no such file (treated as empty)"),
          Duration.ofSeconds(5));

      Files.writeString(deny, "sshd: 127.0.0.2\n");
      Thread.sleep(300);
      assertThat(Probe.plain("127.0.0.2", port).received())
          .as("created, but for another daemon")
          .isEqualTo("HELLO 127.0.0.2\n");
      p.awaitStderr(l -> l.contains("info: reloaded " + deny + ": 1 rule"), Duration.ofSeconds(5));

      long t2 = System.nanoTime();
      Files.writeString(deny, "files: 127.0.0.2\n"); // in place: same inode, new contents
      assertThat(awaitServed(port, false, t2)).isLessThanOrEqualTo(WITHIN_MS);
      p.awaitStderr(l -> l.contains("info:   + files: 127.0.0.2"), Duration.ofSeconds(5));
      assertThat(Probe.plain("127.0.0.1", port).received()).isEqualTo("HELLO 127.0.0.1\n");
    }
  }

  /**
   * {@code reload=off}: the files are read once; a change has no effect; the start line says so.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
  void reloadOffReadsOnce(Jdk jdk) throws Exception {
    Path allow = Files.writeString(dir.resolve("hosts.allow"), "");
    Path deny = Files.writeString(dir.resolve("hosts.deny"), "");
    try (AgentProcess p =
        AgentProcess.builder(jdk, JdkServer.class)
            .agentArgs("daemon=fixed,reload=off,allow=" + allow + ",deny=" + deny)
            .args("PLAIN")
            .start()) {
      p.awaitStderr(l -> l.contains("rule files loaded once (reload=off)"), Duration.ofSeconds(5));
      Files.writeString(deny, "ALL: 127.0.0.2\n");
      Thread.sleep(1500);
      assertThat(Probe.plain("127.0.0.2", p.port()).received()).isEqualTo("HELLO 127.0.0.2\n");
      assertThat(p.stderr()).noneMatch(l -> l.contains("reloaded"));
    }
  }

  /**
   * Probes 127.0.0.2 until it is served ({@code served}) or refused; returns the milliseconds from
   * {@code t0} to the first probe showing it (fails after 5 s).
   */
  static long awaitServed(int port, boolean served, long t0) throws Exception {
    while (true) {
      boolean got = Probe.plain("127.0.0.2", port).gotBytes();
      long ms = (System.nanoTime() - t0) / 1_000_000;
      if (got == served) {
        return ms;
      }
      if (ms > 5000) {
        throw new AssertionError(
            "127.0.0.2 still " + (served ? "refused" : "served") + " after " + ms + " ms");
      }
      Thread.sleep(10);
    }
  }
}
