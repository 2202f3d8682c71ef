package dev.tcpwrap.it.frameworks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.it.agent.harness.AgentProcess;
import dev.tcpwrap.it.agent.harness.HostsFiles;
import dev.tcpwrap.it.agent.harness.Jdk;
import dev.tcpwrap.it.agent.harness.Probe;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * hosts_options(5) on connections accepted in Netty's native code (epoll, io_uring), which the
 * agent knows only as a descriptor: a banner before the application's answer, {@code keepalive} on
 * the connection the application gets (seen in the kernel's socket table), {@code twist} handing
 * the client to a command in both directions, and a banner plus {@code spawn} for a refused client.
 * On Tomcat 9's APR connector, known by an APR socket: the banners and {@code spawn}, and {@code
 * twist} refusing the client (Tomcat frees its sockets' memory when it stops, so no command may
 * hold one).
 */
class NativeOptionsTest {

  static final String DAEMON = "nopt";

  @TempDir Path dir;

  /**
   * The rules both tests use: 127.0.0.1 gets a banner and {@code keepalive}, 127.0.0.2 is twisted
   * to {@code /bin/cat}, 127.0.0.3 is refused with a banner and a {@code spawn} that appends to
   * {@code spawned}.
   */
  HostsFiles rules(Path spawned) throws IOException {
    Path banners = Files.createDirectories(dir.resolve("banners"));
    Files.writeString(banners.resolve(DAEMON), "WELCOME %a\n");
    return HostsFiles.write(
        dir,
        DAEMON + ": 127.0.0.1: banners " + banners + ": keepalive\n",
        DAEMON
            + ": 127.0.0.2: twist /bin/cat\n"
            + DAEMON
            + ": 127.0.0.3: banners "
            + banners
            + ": spawn (echo %a %d >> "
            + spawned
            + ") &\n");
  }

  static String agentArgs(HostsFiles rules) {
    return "daemon=" + DAEMON + "," + rules.agentArgs();
  }

  /** Waits up to 10 seconds for {@code file} (a spawned command's output) to exist. */
  static void awaitFile(Path file) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!Files.exists(file) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  static Stream<Arguments> servers() {
    return Jdk.withEach(List.of(Framework.NETTY_EPOLL, Framework.NETTY_IO_URING));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("servers")
  void optionsAreCarriedOutOnNativeConnections(Jdk jdk, Framework fw) throws Exception {
    Path spawned = dir.resolve("spawned.txt");
    HostsFiles rules = rules(spawned);
    try (AgentProcess p = fw.launcher(jdk).agentArgs(agentArgs(rules)).start()) {
      String prefix = DAEMON + "[" + p.pid() + "]: ";

      // allowed, with a banner ahead of the application's answer
      assertThat(exchange("127.0.0.1", p.port(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
          .startsWith("WELCOME 127.0.0.1\r\nHTTP/1.1 200")
          .endsWith("HELLO 127.0.0.1\n");

      // keepalive on the allowed connection, not on one no rule matched (127.0.0.4)
      try (Socket withRule = idle("127.0.0.1", p.port());
          Socket without = idle("127.0.0.4", p.port())) {
        p.awaitStdout(l -> l.equals("CONNECTION 127.0.0.4"), Duration.ofSeconds(5));
        assertThat(keepaliveTimer(p.port(), withRule.getLocalPort())).as("keepalive").isTrue();
        assertThat(keepaliveTimer(p.port(), without.getLocalPort())).as("control").isFalse();
      }

      // twist: the client talks to the command, both ways
      assertThat(exchange("127.0.0.2", p.port(), "PING\n")).isEqualTo("PING\n");
      p.awaitStderr(l -> l.equals(prefix + "twist 127.0.0.2 to /bin/cat"), Duration.ofSeconds(5));

      // refused, with a banner and a spawned command
      assertThat(exchange("127.0.0.3", p.port(), null)).isEqualTo("WELCOME 127.0.0.3\r\n");
      p.awaitStderr(
          l -> l.equals(prefix + "refused connect from 127.0.0.3 (127.0.0.3)"),
          Duration.ofSeconds(5));
      awaitFile(spawned);
      assertThat(Files.readString(spawned)).isEqualTo("127.0.0.3 " + DAEMON + "\n");

      assertThat(p.stdout())
          .as("the application never saw the twisted or refused clients")
          .noneMatch(l -> l.contains("127.0.0.2") || l.contains("127.0.0.3"));
      assertThat(p.stderr()).noneMatch(l -> l.contains("Exception") || l.contains(": error"));
    }
  }

  @ParameterizedTest(name = "{0} TOMCAT9_APR")
  @MethodSource(Jdk.ALL)
  void optionsOnTomcatAprConnections(Jdk jdk) throws Exception {
    Path spawned = dir.resolve("spawned.txt");
    HostsFiles rules = rules(spawned);
    try (AgentProcess p = Framework.TOMCAT9_APR.launcher(jdk).agentArgs(agentArgs(rules)).start()) {
      String prefix = DAEMON + "[" + p.pid() + "]: ";

      assertThat(
              request(
                  "127.0.0.1", p.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
          .startsWith("WELCOME 127.0.0.1\r\nHTTP/1.1 200")
          .endsWith("HELLO 127.0.0.1\n");

      // twist: refused, the command never runs, and the log says why
      assertThat(request("127.0.0.2", p.port(), "PING\n")).isEmpty();
      p.awaitStderr(
          l -> l.equals(prefix + "refused connect from 127.0.0.2 (127.0.0.2)"),
          Duration.ofSeconds(5));
      assertThat(p.stderr())
          .contains(
              prefix
                  + "warning: twist /bin/cat not possible on a connection of Tomcat's APR"
                  + " connector: the connection is refused");

      // Tomcat's APR connector accepts with the data of the first request (TCP_DEFER_ACCEPT)
      assertThat(request("127.0.0.3", p.port(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
          .isEqualTo("WELCOME 127.0.0.3\r\n");
      p.awaitStderr(
          l -> l.equals(prefix + "refused connect from 127.0.0.3 (127.0.0.3)"),
          Duration.ofSeconds(5));
      awaitFile(spawned);
      assertThat(Files.readString(spawned)).isEqualTo("127.0.0.3 " + DAEMON + "\n");

      assertThat(p.stdout())
          .as("the application never saw the twisted or refused clients")
          .noneMatch(l -> l.contains("127.0.0.2") || l.contains("127.0.0.3"));
      assertThat(p.stderr()).noneMatch(l -> l.contains("Exception") || l.contains(": error"));
    }
  }

  // sends, reads to the end: no half-close, which fails once a refused connection is reset
  static String request(String source, int port, String send) throws IOException {
    return Probe.exchange(source, port, send, false).received();
  }

  // sends (then half-closes), reads to the end; everything received as text
  static String exchange(String source, int port, String send) throws IOException {
    return Probe.exchange(source, port, send, true).received();
  }

  static Socket idle(String source, int port) throws IOException {
    return Probe.connect(source, port, 5_000);
  }

  // the server end of the connection from clientPort, as `ss` shows it: its timer is "keepalive"
  // when SO_KEEPALIVE is on
  static boolean keepaliveTimer(int serverPort, int clientPort) throws Exception {
    Process ss =
        new ProcessBuilder(
                "ss",
                "-tnoH",
                "state",
                "established",
                "( sport = :" + serverPort + " and dport = :" + clientPort + " )")
            .redirectErrorStream(true)
            .start();
    String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(ss.waitFor()).as("ss: %s", out).isZero();
    assertThat(out).as("the server end of the connection").contains(":" + clientPort);
    return out.contains("timer:(keepalive");
  }
}
