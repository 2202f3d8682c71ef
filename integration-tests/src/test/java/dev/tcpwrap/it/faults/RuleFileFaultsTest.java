package dev.tcpwrap.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.it.agent.harness.AgentProcess;
import dev.tcpwrap.it.agent.harness.HostsFiles;
import dev.tcpwrap.it.agent.harness.Jdk;
import dev.tcpwrap.it.agent.harness.Probe;
import dev.tcpwrap.it.agent.servers.JdkServer;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rule files that are not what they should be, with the real agent jar: a FIFO or device where a
 * rule or pattern file should be never blocks a thread or opens the door, and a read that fails
 * (descriptors exhausted) keeps the rules in force and is tried again (issue 12, items 1 and 2).
 */
class RuleFileFaultsTest {

  @TempDir Path dir;

  private static void mkfifo(Path p) throws Exception {
    assertThat(new ProcessBuilder("mkfifo", p.toString()).start().waitFor()).isZero();
  }

  private static void replace(Path file, String text) throws Exception {
    Path tmp = Files.writeString(file.resolveSibling(file.getFileName() + ".tmp"), text);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static boolean served(String source, int port) throws Exception {
    return Probe.plain(source, port).received().startsWith("HELLO");
  }

  /**
   * A FIFO as hosts.deny at start, then fixed, then a FIFO renamed over it at run time, then fixed
   * again: the JVM starts (it used to hang before main), hosts.deny fails closed while it is a
   * FIFO, and every later change is taken (the reload thread is never stuck in open()).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
  void aFifoAsHostsDenyNeverHangsAndFailsClosed(Jdk jdk) throws Exception {
    Path allow = Files.writeString(dir.resolve("hosts.allow"), "ALL: 127.0.0.1\n");
    Path deny = dir.resolve("hosts.deny");
    mkfifo(deny);
    try (AgentProcess p =
        AgentProcess.builder(jdk, JdkServer.class)
            .agentArgs("daemon=fifo,allow=" + allow + ",deny=" + deny)
            .args("PLAIN")
            .start()) {
      int port = p.port();
      p.awaitStderr(
          l -> l.contains("cannot open " + deny + ": not a regular file (a FIFO)"),
          Duration.ofSeconds(10));
      assertThat(served("127.0.0.1", port)).as("allowed by hosts.allow").isTrue();
      assertThat(served("127.0.0.2", port)).as("hosts.deny cannot be read: refused").isFalse();

      replace(deny, "ALL: 127.0.0.3\n");
      awaitServed("127.0.0.2", port, true);
      p.awaitStderr(l -> l.contains("read again; the problem is over"), Duration.ofSeconds(5));

      Path fifo = dir.resolve("fifo");
      mkfifo(fifo);
      Files.move(fifo, deny, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      awaitServed("127.0.0.2", port, false);
      replace(deny, "ALL: 127.0.0.3\n");
      awaitServed("127.0.0.2", port, true);
      assertThat(served("127.0.0.3", port)).isFalse();
    }
  }

  /**
   * {@code /dev/zero} as a pattern file matches nothing and costs no memory, on every connection.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
  void aDeviceAsPatternFileMatchesNothing(Jdk jdk) throws Exception {
    HostsFiles files = HostsFiles.write(dir, "", "ALL: /dev/zero 127.0.0.2\n");
    try (AgentProcess p =
        AgentProcess.builder(jdk, JdkServer.class)
            .agentArgs("daemon=zero," + files.agentArgs())
            .jvmArgs("-Xmx48m")
            .args("PLAIN")
            .start()) {
      for (int i = 0; i < 20; i++) {
        assertThat(served("127.0.0.1", p.port())).isTrue();
      }
      assertThat(served("127.0.0.2", p.port())).isFalse();
      p.awaitStderr(
          l -> l.contains("/dev/zero") && l.contains("not a regular file"), Duration.ofSeconds(5));
      assertThat(p.stderr()).noneMatch(l -> l.contains("OutOfMemoryError"));
    }
  }

  /**
   * hosts.deny replaced while the JVM has no descriptor left: the read fails, the rules read before
   * stay in force (told once), and once descriptors are free again the new file is read although it
   * has not changed since (it used to be remembered as loaded, its new rules never in force).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
  void aFailedReadKeepsTheRulesAndIsTriedAgain(Jdk jdk) throws Exception {
    HostsFiles files = HostsFiles.denying127002(dir);
    Path deny = files.deny();
    try (AgentProcess p =
        AgentProcess.builder(jdk, HoldingServer.class)
            .agentArgs("daemon=emfile," + files.agentArgs())
            .descriptorLimit(160)
            .start()) {
      int port = p.port();
      assertThat(served("127.0.0.3", port)).isTrue();
      List<Socket> held = new ArrayList<>();
      try {
        while (p.stdout().stream().noneMatch(l -> l.startsWith("EMFILE"))) {
          held.add(Probe.connect("127.0.0.1", port, 5_000));
          if (held.size() > 400) {
            throw new AssertionError("the server never ran out of descriptors");
          }
          Thread.sleep(2);
        }
        replace(deny, "ALL: 127.0.0.2\nALL: 127.0.0.3\n");
        String line =
            p.awaitStderr(
                l -> l.contains("cannot read " + deny) && l.contains("stay in force"),
                Duration.ofSeconds(10));
        assertThat(line).contains("Too many open files");
        Thread.sleep(1_000); // four more looks, all failing
        assertThat(p.stderr().stream().filter(l -> l.contains("cannot read " + deny)))
            .as("told once, not at every look")
            .hasSize(1);
      } finally {
        for (Socket s : held) {
          s.close();
        }
      }
      awaitServed("127.0.0.3", port, false);
      assertThat(served("127.0.0.2", port)).isFalse();
      assertThat(served("127.0.0.1", port)).isTrue();
    }
  }

  // waits up to 3 s for 127.0.0.x to be served (or refused)
  private static void awaitServed(String source, int port, boolean wanted) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    while (served(source, port) != wanted) {
      if (System.nanoTime() > end) {
        throw new AssertionError(source + (wanted ? " still refused" : " still served"));
      }
      Thread.sleep(50);
    }
  }
}
