package dev.tcpwrap.it.inetd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tcpwrap.it.agent.harness.AgentProcess;
import dev.tcpwrap.it.agent.harness.HostsFiles;
import dev.tcpwrap.it.agent.harness.Jdk;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * inetd-style services under Debian's real xinetd, on every configured JDK: xinetd accepts and
 * starts a JVM per connection with the connection on its standard input and output ({@code
 * nowait}), or starts one JVM with the listening socket ({@code wait}). With {@code hosts.deny} =
 * {@code ALL: 127.0.0.2}:
 *
 * <ul>
 *   <li>a client from 127.0.0.1 gets the service, through {@code System.inheritedChannel()} and
 *       through standard input and output;
 *   <li>a client from 127.0.0.2 gets no byte and its connection ends; the JVM logs tcpd's line and
 *       exits with status 0 without running the application's {@code main} (its marker line is
 *       missing);
 *   <li>dry-run, {@code twist}, {@code spawn}, {@code banners} and the per-port daemon name work as
 *       on any connection;
 *   <li>with {@code wait} the application's own accept is checked;
 *   <li>without the agent the 127.0.0.2 client is served (the control).
 * </ul>
 *
 * Most services run with {@code -XX:-PrintWarnings}, which keeps any warning of the JVM's own out
 * of the connection; the agent causes none (it no longer appends to the boot class path, which made
 * the JVM warn about class sharing), which one test shows by running without it.
 */
class InetdTest {

  static final String DAEMON = "inetdsvc";

  /** Keeps the JVM's own warnings out of the connection (see the class comment). */
  static final String QUIET = "-XX:-PrintWarnings";

  /** systemd's stand-in for a socket unit, from Debian's systemd package. */
  static final Path SOCKET_ACTIVATE = Path.of("/usr/bin/systemd-socket-activate");

  /** How long a JVM started per connection may take, on a busy machine. */
  static final Duration SLOW = Duration.ofSeconds(60);

  @TempDir Path dir;

  Path log;

  Path marker;

  @BeforeEach
  void files() {
    log = dir.resolve("agent.log");
    marker = dir.resolve("marker");
  }

  /**
   * Writes {@code hosts.deny} = {@code ALL: 127.0.0.2} and returns the agent's arguments for it:
   * {@code daemon=DAEMON}, then {@code options} (each ending in a comma), then the rule files.
   */
  String denying127002(String options) throws IOException {
    HostsFiles rules = HostsFiles.write(dir, "", HostsFiles.DENY_127_0_0_2);
    return "daemon=" + DAEMON + "," + options + rules.agentArgs();
  }

  /** The end of the agent's line for {@code text} from the JVM {@code pid}, as tcpd writes it. */
  static String line(long pid, String text) {
    return " " + DAEMON + "[" + pid + "]: " + text;
  }

  /** A client's view of one connection: what it received, and whether it ended or timed out. */
  record Reply(String received, boolean timedOut) {}

  /** Connects from {@code source} to 127.0.0.1:port, sends {@code send}, reads to the end. */
  static Reply exchange(String source, int port, String send) throws IOException {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(source, 0));
      s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      s.setSoTimeout((int) SLOW.toMillis());
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      boolean timedOut = false;
      try {
        s.getOutputStream().write(send.getBytes(StandardCharsets.US_ASCII));
        InputStream in = s.getInputStream();
        byte[] buf = new byte[4096];
        for (int n; (n = in.read(buf)) >= 0; ) {
          got.write(buf, 0, n);
        }
      } catch (SocketTimeoutException e) {
        timedOut = true;
      } catch (SocketException e) {
        // reset: the connection ended
      }
      return new Reply(got.toString(StandardCharsets.ISO_8859_1), timedOut);
    }
  }

  /** The command xinetd runs: InetdApp in {@code mode}, under the agent unless args is null. */
  static List<String> server(Jdk jdk, String agentArgs, String mode, Path marker, String... jvm) {
    assumeTrue(jdk.exists(), "JDK not installed: " + jdk.home());
    AgentProcess.Builder b =
        AgentProcess.builder(jdk, InetdApp.class).jvmArgs(jvm).args(mode, marker.toString());
    if (agentArgs == null) {
      b.withoutAgent();
    } else {
      b.agentArgs(agentArgs);
    }
    return b.command();
  }

  static Xinetd.Service nowait(String name, List<String> command) throws IOException {
    return service(name, false, "127.0.0.1", command);
  }

  /** A service on a free port of {@code host}. */
  static Xinetd.Service service(String name, boolean wait, String host, List<String> command)
      throws IOException {
    return new Xinetd.Service(name, wait, host, Xinetd.freePort(host), command);
  }

  static String read(Path f) throws IOException {
    return Files.exists(f) ? Files.readString(f, StandardCharsets.ISO_8859_1) : "";
  }

  static void assertRefusedUnseen(Reply r) {
    assertThat(r.received()).as("bytes the refused client received").isEmpty();
    assertThat(r.timedOut()).as("the refused client's connection must end").isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.tcpwrap.it.agent.harness.Jdk#all")
  void refusedConnectionEndsTheJvmBeforeMainAllowedOneIsServed(Jdk jdk) throws Exception {
    String args = denying127002("log=" + log + ",log-allowed=true,");
    Xinetd.Service channel = nowait("channel", server(jdk, args, "CHANNEL", marker, QUIET));
    Xinetd.Service stdio = nowait("stdio", server(jdk, args, "STDIO", marker, QUIET));
    try (Xinetd x = Xinetd.start(dir, channel, stdio)) {
      // allowed: the application's System.inheritedChannel() works as without the agent
      assertThat(exchange("127.0.0.1", channel.port(), "PING\n").received())
          .isEqualTo("HELLO 127.0.0.1 blocking=true\n");
      long allowed = x.awaitStart("channel", "127.0.0.1", SLOW);
      assertThat(x.awaitExit("channel", allowed, SLOW)).isZero();
      // allowed: and so do standard input and output
      assertThat(exchange("127.0.0.1", stdio.port(), "PING\n").received())
          .isEqualTo("HELLO STDIO PING\n");

      // refused: no byte, the line, status 0, and main never ran
      assertRefusedUnseen(exchange("127.0.0.2", channel.port(), "PING\n"));
      long refused = x.awaitStart("channel", "127.0.0.2", SLOW);
      assertThat(x.awaitExit("channel", refused, SLOW)).as("exit status").isZero();

      List<String> lines = Files.readAllLines(log);
      assertThat(lines)
          .filteredOn(l -> l.endsWith(line(refused, "refused connect from 127.0.0.2 (127.0.0.2)")))
          .hasSize(1);
      assertThat(lines)
          .anyMatch(l -> l.endsWith(line(allowed, "connect from 127.0.0.1 (127.0.0.1)")));
      assertThat(lines).noneMatch(l -> l.contains("]: error: "));
      assertThat(read(marker))
          .as("what the applications ran")
          .contains("STARTED " + allowed + "\n", "ACCEPT 127.0.0.1\n")
          .doesNotContain("STARTED " + refused + "\n")
          .doesNotContain("127.0.0.2");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.tcpwrap.it.agent.harness.Jdk#all")
  void dryRunLogsAndRunsTheApplication(Jdk jdk) throws Exception {
    String args = denying127002("mode=dry-run,log=" + log + ",");
    Xinetd.Service channel = nowait("dryrun", server(jdk, args, "CHANNEL", marker, QUIET));
    try (Xinetd x = Xinetd.start(dir, channel)) {
      assertThat(exchange("127.0.0.2", channel.port(), "PING\n").received())
          .isEqualTo("HELLO 127.0.0.2 blocking=true\n");
      long pid = x.awaitStart("dryrun", "127.0.0.2", SLOW);
      assertThat(x.awaitExit("dryrun", pid, SLOW)).isZero();
      assertThat(Files.readAllLines(log))
          .anyMatch(l -> l.contains(line(pid, "would refuse connect from 127.0.0.2 (127.0.0.2) [")))
          .noneMatch(l -> l.contains("]: refused connect"));
      assertThat(read(marker)).contains("STARTED " + pid + "\n", "ACCEPT 127.0.0.2\n");
    }
  }

  /**
   * The rule options on an inherited connection, with the daemon name taken by the local port
   * ({@code daemon.PORT}): {@code twist} connects the client to the command and the JVM ends with
   * it; the JVM waits for a {@code spawn} command before it exits, as tcpd does; {@code banners} go
   * out before the close. The application runs for none of them.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.tcpwrap.it.agent.harness.Jdk#all")
  void optionsWorkOnTheInheritedConnection(Jdk jdk) throws Exception {
    int port = Xinetd.freePort("127.0.0.1");
    Path spawned = dir.resolve("spawned");
    Path banners = Files.createDirectories(dir.resolve("banners"));
    Files.writeString(banners.resolve(DAEMON), "Go away %a, says %d\n");
    HostsFiles rules =
        HostsFiles.write(
            dir,
            "",
            DAEMON
                + ": 127.0.0.2: twist read l; echo \"twisted $l for %a\"\n"
                + DAEMON
                + ": 127.0.0.3: spawn (echo %a %d > "
                + spawned
                + "; sleep 1; echo done >> "
                + spawned
                + ")\n"
                + DAEMON
                + ": 127.0.0.4: banners "
                + banners
                + "\n");
    String args =
        "daemon=other,daemon." + port + "=" + DAEMON + ",log=" + log + "," + rules.agentArgs();
    Xinetd.Service svc =
        new Xinetd.Service(
            "options", false, "127.0.0.1", port, server(jdk, args, "CHANNEL", marker, QUIET));
    try (Xinetd x = Xinetd.start(dir, svc)) {
      assertThat(exchange("127.0.0.2", port, "PING\n").received())
          .isEqualTo("twisted PING for 127.0.0.2\n");
      long twisted = x.awaitStart("options", "127.0.0.2", SLOW);
      assertThat(x.awaitExit("options", twisted, SLOW)).isZero();

      assertRefusedUnseen(exchange("127.0.0.3", port, "PING\n"));
      long spawner = x.awaitStart("options", "127.0.0.3", SLOW);
      assertThat(x.awaitExit("options", spawner, SLOW)).isZero();
      assertThat(read(spawned))
          .as("the spawn command had finished when the JVM exited")
          .isEqualTo("127.0.0.3 " + DAEMON + "\ndone\n");

      assertThat(exchange("127.0.0.4", port, "PING\n").received())
          .isEqualTo("Go away 127.0.0.4, says " + DAEMON + "\r\n");
      long bannered = x.awaitStart("options", "127.0.0.4", SLOW);
      assertThat(x.awaitExit("options", bannered, SLOW)).isZero();

      List<String> lines = Files.readAllLines(log);
      assertThat(lines)
          .anyMatch(
              l ->
                  l.endsWith(
                      line(
                          twisted, "twist 127.0.0.2 to read l; echo \"twisted $l for 127.0.0.2\"")))
          .anyMatch(l -> l.endsWith(line(spawner, "refused connect from 127.0.0.3 (127.0.0.3)")))
          .anyMatch(l -> l.endsWith(line(bannered, "refused connect from 127.0.0.4 (127.0.0.4)")))
          .noneMatch(l -> l.contains("]: error: "));
      assertThat(marker).as("the application never ran").doesNotExist();
    }
  }

  /**
   * inetd {@code wait}: the JVM gets the listening socket and accepts itself, and that accept is
   * checked like any other. The first client, the refused one, is what makes xinetd start it.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.tcpwrap.it.agent.harness.Jdk#all")
  void listeningSocketOnStandardInputIsCheckedAtAccept(Jdk jdk) throws Exception {
    String args = denying127002("log=" + log + ",");
    Xinetd.Service svc =
        service("listen", true, "127.0.0.1", server(jdk, args, "LISTEN", marker, QUIET));
    try (Xinetd x = Xinetd.start(dir, svc)) {
      assertRefusedUnseen(exchange("127.0.0.2", svc.port(), "PING\n"));
      assertThat(exchange("127.0.0.1", svc.port(), "PING\n").received())
          .isEqualTo("HELLO 127.0.0.1\n");
      String started = read(marker);
      assertThat(started).startsWith("STARTED ");
      long pid = Long.parseLong(started.substring(8, started.indexOf('\n')));
      assertThat(x.awaitExit("listen", pid, SLOW)).isZero();
      assertThat(Files.readAllLines(log))
          .filteredOn(l -> l.contains("refused connect"))
          .hasSize(1)
          .allMatch(l -> l.endsWith(line(pid, "refused connect from 127.0.0.2 (127.0.0.2)")));
      assertThat(read(marker))
          .isEqualTo("STARTED " + pid + "\nACCEPT 127.0.0.1\n")
          .doesNotContain("127.0.0.2");
    }
  }

  /**
   * An inetd listening on an IPv6 socket gets its IPv4 clients IPv4-mapped; the line shows them as
   * tcpd would there, {@code ::ffff:127.0.0.2}, as for a JVM's own IPv6 listener.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.tcpwrap.it.agent.harness.Jdk#all")
  void ipv4ClientOfAnIpv6InetdIsShownMapped(Jdk jdk) throws Exception {
    String args = denying127002("log=" + log + ",");
    Xinetd.Service svc = service("dual", false, "::", server(jdk, args, "CHANNEL", marker, QUIET));
    try (Xinetd x = Xinetd.start(dir, svc)) {
      assertRefusedUnseen(exchange("127.0.0.2", svc.port(), "PING\n"));
      long pid = x.awaitStart("dual", "::ffff:127.0.0.2", SLOW);
      assertThat(x.awaitExit("dual", pid, SLOW)).isZero();
      assertThat(Files.readAllLines(log))
          .anyMatch(
              l ->
                  l.endsWith(
                      line(pid, "refused connect from ::ffff:127.0.0.2 (::ffff:127.0.0.2)")));
      assertThat(marker).doesNotExist();
    }
  }

  /**
   * Under inetd standard output and error are the connection too. The agent's log left on standard
   * error writes nothing there (it would reach the client); and with {@code -XX:+PrintWarnings}
   * (the default) the JVM writes nothing there either: the agent no longer makes it print its
   * class-sharing warning.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.tcpwrap.it.agent.harness.Jdk#all")
  void nothingOfTheAgentReachesTheConnection(Jdk jdk) throws Exception {
    // log=stderr (the default), and every line the agent has
    String quietArgs = denying127002("log-level=debug,log-allowed=true,");
    Xinetd.Service quiet = nowait("quiet", server(jdk, quietArgs, "CHANNEL", marker, QUIET));
    String loudArgs = denying127002("log=" + log + ",");
    Xinetd.Service loud = nowait("loud", server(jdk, loudArgs, "CHANNEL", marker));
    try (Xinetd x = Xinetd.start(dir, quiet, loud)) {
      assertThat(exchange("127.0.0.1", quiet.port(), "PING\n").received())
          .isEqualTo("HELLO 127.0.0.1 blocking=true\n");
      assertRefusedUnseen(exchange("127.0.0.2", quiet.port(), "PING\n"));
      long refused = x.awaitStart("quiet", "127.0.0.2", SLOW);
      assertThat(x.awaitExit("quiet", refused, SLOW)).isZero();

      // the agent no longer appends to the boot class path: the JVM has no class-sharing warning
      // to write into the connection, and the agent nothing to warn about
      String got = exchange("127.0.0.1", loud.port(), "PING\n").received();
      assertThat(got).isEqualTo("HELLO 127.0.0.1 blocking=true\n");
      long pid = x.awaitStart("loud", "127.0.0.1", SLOW);
      x.awaitExit("loud", pid, SLOW);
      assertThat(Files.readAllLines(log))
          .noneMatch(l -> l.contains("-XX:-PrintWarnings"))
          .noneMatch(l -> l.contains(AgentProcess.SHARING_WARNING));
    }
  }

  /**
   * A failed install (here the agent's appending fallback, forced, with no temporary directory and
   * no cache) stops the JVM with status 1 before {@code main}, as {@code onerror=deny} says, and
   * its one line stays off standard error when that is the client's connection.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.tcpwrap.it.agent.harness.Jdk#all")
  void aFailedInstallStopsTheJvmAndWritesNothingIntoTheConnection(Jdk jdk) throws Exception {
    List<String> cmd =
        server(
            jdk,
            denying127002(""),
            "CHANNEL",
            marker,
            QUIET,
            "-Ddev.tcpwrap.agent.boot=append",
            "-Djava.io.tmpdir=" + dir.resolve("missing"),
            "-Dtcpwrap.cache=off");
    Xinetd.Service broken = nowait("broken", cmd);
    try (Xinetd x = Xinetd.start(dir, broken)) {
      Reply r = exchange("127.0.0.1", broken.port(), "PING\n");
      // (Java 25 itself writes a line about the missing java.io.tmpdir there)
      assertThat(r.received()).doesNotContain("tcpwrap").doesNotContain("HELLO");
      assertThat(r.timedOut()).isFalse();
      long pid = x.awaitStart("broken", "127.0.0.1", SLOW);
      assertThat(x.awaitExit("broken", pid, SLOW)).as("exit status").isEqualTo(1);
      assertThat(read(marker)).doesNotContain("STARTED " + pid);
    }
  }

  /**
   * systemd's inetd mode, as a socket unit with {@code Accept=yes} and {@code StandardInput=socket}
   * runs a service ({@code systemd-socket-activate --accept --inetd}): the connection on standard
   * input and output, standard error the launcher's. There the agent's default log, standard error,
   * carries the refusal line, although the line is written after the connection was ended (ending
   * it must not take standard error with it, as closing the JDK's inherited channel would).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.tcpwrap.it.agent.harness.Jdk#all")
  void socketActivatedConnectionLogsToStandardError(Jdk jdk) throws Exception {
    assertThat(SOCKET_ACTIVATE)
        .as("systemd-socket-activate; install Debian's systemd (scripts/test.sh does)")
        .isExecutable();
    Path out = dir.resolve("launcher.out");
    int port = Xinetd.freePort("127.0.0.1");
    List<String> cmd = new ArrayList<>();
    cmd.addAll(
        List.of(SOCKET_ACTIVATE.toString(), "-l", "127.0.0.1:" + port, "--accept", "--inetd"));
    cmd.addAll(server(jdk, denying127002(""), "CHANNEL", marker, QUIET));
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("TCPWRAP_") || k.contains("JAVA_"));
    Process launcher = pb.start();
    try {
      awaitMatch(out, Pattern.compile("^Listening on 127\\.0\\.0\\.1:" + port + " "));
      assertThat(exchange("127.0.0.1", port, "PING\n").received())
          .isEqualTo("HELLO 127.0.0.1 blocking=true\n");
      assertRefusedUnseen(exchange("127.0.0.2", port, "PING\n"));
      Matcher refused =
          awaitMatch(
              out,
              Pattern.compile(
                  "^"
                      + DAEMON
                      + "\\[(\\d+)\\]: refused connect from 127\\.0\\.0\\.2 \\(127\\.0\\.0\\.2\\)$"));
      String pid = refused.group(1);
      awaitMatch(out, Pattern.compile("^Child " + pid + " died with code 0$"));
      assertThat(read(marker))
          .contains("ACCEPT 127.0.0.1\n")
          .doesNotContain("STARTED " + pid + "\n")
          .doesNotContain("127.0.0.2");
    } finally {
      List<ProcessHandle> children = launcher.toHandle().descendants().toList();
      launcher.destroy();
      launcher.waitFor(10, TimeUnit.SECONDS);
      children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
  }

  static Matcher awaitMatch(Path file, Pattern line) throws Exception {
    Pattern p = Pattern.compile(line.pattern(), Pattern.MULTILINE);
    long deadline = System.nanoTime() + SLOW.toNanos();
    while (true) {
      Matcher m = p.matcher(read(file));
      if (m.find()) {
        return m;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no line /" + line + "/ in " + file + ":\n" + read(file));
      }
      Thread.sleep(20);
    }
  }

  /**
   * The control: the same services without the agent serve the client from 127.0.0.2, so "no byte"
   * above means refused.
   */
  @Test
  void withoutTheAgentTheRefusedClientIsServed() throws Exception {
    Jdk jdk = Jdk.all().get(0);
    Xinetd.Service channel = nowait("plain", server(jdk, null, "CHANNEL", marker, QUIET));
    Xinetd.Service listen =
        service("plainlisten", true, "127.0.0.1", server(jdk, null, "LISTEN", marker, QUIET));
    try (Xinetd x = Xinetd.start(dir, channel, listen)) {
      assertThat(exchange("127.0.0.2", channel.port(), "PING\n").received())
          .isEqualTo("HELLO 127.0.0.2 blocking=true\n");
      assertThat(exchange("127.0.0.2", listen.port(), "PING\n").received())
          .isEqualTo("HELLO 127.0.0.2\n");
      long pid = x.awaitStart("plain", "127.0.0.2", SLOW);
      assertThat(x.awaitExit("plain", pid, SLOW)).isZero();
      assertThat(read(marker)).contains("STARTED " + pid + "\n", "ACCEPT 127.0.0.2\n");
      assertThat(read(marker).lines().filter(l -> l.equals("ACCEPT 127.0.0.2"))).hasSize(2);
    }
  }
}
