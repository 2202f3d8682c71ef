package dev.tcpwrap.it.ops;

import dev.tcpwrap.it.agent.harness.AgentProcess;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real rsyslogd (Debian's {@code rsyslog}) with a configuration of its own in a test directory: a
 * Unix socket there (imuxsock, so the test need not own {@code /dev/log}), UDP and TCP inputs on
 * free loopback ports, and every message written to one file as {@code FACILITY.SEVERITY TAG MSG},
 * the way {@code /var/log/syslog} shows it ({@code %syslogtag%} and the message as rsyslog's
 * traditional file format joins them).
 */
final class Rsyslog implements AutoCloseable {

  static final Path RSYSLOGD = Path.of("/usr/sbin/rsyslogd");

  private final Path dir;
  private final Path conf;
  private final Path socket;
  private final Path out;
  private final int udpPort;
  private final int tcpPort;
  private Process process;

  private Rsyslog(Path dir, int udpPort, int tcpPort) throws IOException {
    this.dir = dir;
    this.socket = dir.resolve("log.sock");
    this.out = dir.resolve("messages");
    this.udpPort = udpPort;
    this.tcpPort = tcpPort;
    this.conf =
        Files.writeString(
            dir.resolve("rsyslog.conf"),
            """
            global(workDirectory="%1$s")
            module(load="imuxsock" SysSock.Use="off")
            input(type="imuxsock" Socket="%2$s" RateLimit.Interval="0")
            module(load="imudp")
            input(type="imudp" address="127.0.0.1" port="%3$d" rateLimit.interval="0")
            module(load="imtcp")
            input(type="imtcp" address="127.0.0.1" port="%4$d")
            template(name="line" type="string" string="%%syslogfacility-text%%.%%syslogseverity-text%% %%syslogtag%%%%msg:::sp-if-no-1st-sp%%%%msg:::drop-last-lf%%\\n")
            *.* action(type="omfile" file="%5$s" template="line")
            """
                .formatted(dir, socket, udpPort, tcpPort, out));
  }

  /** Starts rsyslogd and waits until each of its three inputs has taken a message. */
  static Rsyslog start(Path dir) throws Exception {
    if (!Files.isExecutable(RSYSLOGD)) {
      // a missing rsyslog fails the test: scripts/test.sh installs it
      throw new IllegalStateException("rsyslogd not installed (Debian package rsyslog)");
    }
    Rsyslog r = new Rsyslog(dir, freeUdpPort(), freeTcpPort());
    r.launch();
    return r;
  }

  private void launch() throws Exception {
    process =
        AgentProcess.withoutTestEnvironment(
                new ProcessBuilder(
                    RSYSLOGD.toString(),
                    "-n",
                    "-f",
                    conf.toString(),
                    "-i",
                    dir.resolve("rsyslogd.pid").toString()))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("rsyslogd.out").toFile())
            .start();
    String probe = "probe-" + System.nanoTime();
    awaitLine(
        l -> l.endsWith(probe + " udp"),
        Duration.ofSeconds(20),
        () -> sendUdp("<13>probe: " + probe + " udp"));
    awaitLine(
        l -> l.endsWith(probe + " tcp"),
        Duration.ofSeconds(20),
        () -> sendTcp("<13>probe: " + probe + " tcp\n"));
    if (!Files.exists(socket)) { // made before the inputs start listening
      throw new IllegalStateException("rsyslogd made no socket at " + socket);
    }
  }

  /** Stops rsyslogd (SIGTERM: it closes its TCP connections, as a restarting collector does). */
  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Starts rsyslogd again with the same configuration, ports and output file. */
  void startAgain() throws Exception {
    launch();
  }

  Path socket() {
    return socket;
  }

  int udpPort() {
    return udpPort;
  }

  int tcpPort() {
    return tcpPort;
  }

  /**
   * @return every line rsyslogd has written so far
   */
  List<String> lines() throws IOException {
    return Files.exists(out) ? Files.readAllLines(out, StandardCharsets.UTF_8) : List.of();
  }

  /** Waits for a line; fails with all lines if none appears in time. */
  String await(Predicate<String> match, Duration timeout) throws Exception {
    return awaitLine(match, timeout, () -> {});
  }

  // waits for a line, doing `each` between looks (sending a probe until the input listens)
  private String awaitLine(Predicate<String> match, Duration timeout, IoAction each)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (String l : lines()) {
        if (match.test(l)) {
          return l;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "no matching line from rsyslogd in "
                + timeout
                + "; lines: "
                + lines()
                + "; rsyslogd said: "
                + readQuietly(dir.resolve("rsyslogd.out")));
      }
      try {
        each.run();
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
  }

  private interface IoAction {
    void run() throws IOException;
  }

  private void sendUdp(String message) throws IOException {
    byte[] b = message.getBytes(StandardCharsets.US_ASCII);
    try (DatagramSocket s = new DatagramSocket()) {
      s.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), udpPort));
    }
  }

  private void sendTcp(String message) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), tcpPort)) {
      s.getOutputStream().write(message.getBytes(StandardCharsets.US_ASCII));
    }
  }

  private static String readQuietly(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return "(" + e + ")";
    }
  }

  private static int freeTcpPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static int freeUdpPort() throws IOException {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
