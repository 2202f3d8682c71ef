package dev.tcpwrap.it.inetd;

import dev.tcpwrap.it.agent.harness.AgentProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's real xinetd in the foreground ({@code -dontfork -stayalive}) with its own configuration
 * file in a test directory: each service on a free port, libwrap off ({@code NOLIBWRAP}, so the
 * machine's own /etc/hosts.* play no part), and its start and exit lines ({@code START: NAME pid=P
 * from=ADDR}, {@code EXIT: NAME status=S pid=P}) in a log file the tests read.
 */
final class Xinetd implements AutoCloseable {

  /** Where Debian's xinetd package installs it. */
  static final Path BINARY = Path.of("/usr/sbin/xinetd");

  /**
   * One service.
   *
   * @param name the service name (also its id)
   * @param waits {@code true} for inetd {@code wait} (the server gets the listening socket), {@code
   *     false} for {@code nowait} (one server per connection, the connection on its stdin/stdout)
   * @param bind the address to listen on: {@code 127.0.0.1}, or {@code ::} (IPv6, dual-stack)
   * @param port the port ({@link #freePort})
   * @param command the server's command line: the program, then its arguments (no whitespace in
   *     any, xinetd splits {@code server_args} on it)
   */
  record Service(String name, boolean waits, String bind, int port, List<String> command) {}

  private final Process process;
  private final Path dir;

  private Xinetd(Process process, Path dir) {
    this.process = process;
    this.dir = dir;
  }

  /** Writes the configuration into {@code dir}, starts xinetd, and waits until it listens. */
  static Xinetd start(Path dir, Service... services) throws Exception {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(
          "xinetd not found at "
              + BINARY
              + "; install it with `apt-get install xinetd` (scripts/test.sh does)");
    }
    StringBuilder conf = new StringBuilder();
    conf.append("defaults\n{\n")
        .append("  log_type = FILE ")
        .append(dir.resolve("services.log"))
        .append("\n  log_on_success = PID HOST EXIT\n  log_on_failure = HOST\n")
        .append("  instances = UNLIMITED\n  cps = 1000 1\n}\n");
    for (Service s : services) {
      for (String word : s.command()) {
        if (word.isEmpty() || word.chars().anyMatch(Character::isWhitespace)) {
          throw new IllegalArgumentException("xinetd cannot pass the argument '" + word + "'");
        }
      }
      conf.append("service ")
          .append(s.name())
          .append("\n{\n  type = UNLISTED\n  id = ")
          .append(s.name())
          .append("\n  socket_type = stream\n  protocol = tcp\n  wait = ")
          .append(s.waits() ? "yes" : "no")
          .append("\n  user = ")
          .append(System.getProperty("user.name"))
          .append("\n  bind = ")
          .append(s.bind())
          .append("\n  port = ")
          .append(s.port())
          .append("\n  flags = NOLIBWRAP")
          .append(s.bind().contains(":") ? " IPv6" : "")
          .append("\n  server = ")
          .append(s.command().get(0))
          .append("\n  server_args = ")
          .append(String.join(" ", s.command().subList(1, s.command().size())))
          .append("\n}\n");
    }
    Path confFile = Files.writeString(dir.resolve("xinetd.conf"), conf);
    Path ownLog = dir.resolve("xinetd.log");
    ProcessBuilder pb =
        new ProcessBuilder(
                BINARY.toString(),
                "-f",
                confFile.toString(),
                "-dontfork",
                "-stayalive",
                "-filelog",
                ownLog.toString(),
                "-pidfile",
                dir.resolve("xinetd.pid").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("xinetd.out").toFile());
    // the servers inherit xinetd's environment: nothing of the test JVM's may configure them
    Xinetd x = new Xinetd(AgentProcess.withoutTestEnvironment(pb).start(), dir);
    String ready = "Started working: " + services.length + " available service";
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!read(ownLog).contains(ready)) {
      if (!x.process.isAlive() || System.nanoTime() > deadline) {
        x.close();
        throw new AssertionError(
            "xinetd did not start its "
                + services.length
                + " services\nconfiguration:\n"
                + conf
                + "\nlog:\n"
                + read(ownLog)
                + read(dir.resolve("xinetd.out")));
      }
      Thread.sleep(20);
    }
    return x;
  }

  /**
   * Waits for the server xinetd started for a client of {@code service} from {@code from}.
   *
   * @return its process id
   */
  long awaitStart(String service, String from, Duration timeout) throws Exception {
    Pattern p =
        Pattern.compile(
            "START: " + Pattern.quote(service) + " pid=(\\d+) from=" + Pattern.quote(from) + "$",
            Pattern.MULTILINE);
    return Long.parseLong(await(p, timeout).group(1));
  }

  /**
   * Waits for a server's exit.
   *
   * @return its exit status as xinetd reports it
   */
  int awaitExit(String service, long pid, Duration timeout) throws Exception {
    Pattern p =
        Pattern.compile(
            "EXIT: " + Pattern.quote(service) + " status=(-?\\d+) pid=" + pid + "\\b",
            Pattern.MULTILINE);
    return Integer.parseInt(await(p, timeout).group(1));
  }

  /**
   * @return xinetd's log of started and ended servers
   */
  String serviceLog() throws IOException {
    return read(dir.resolve("services.log"));
  }

  private Matcher await(Pattern p, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Matcher m = p.matcher(serviceLog());
      if (m.find()) {
        return m;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no line /" + p + "/ in xinetd's log:\n" + serviceLog());
      }
      Thread.sleep(20);
    }
  }

  /** Stops xinetd, and any server it started that is still running. */
  @Override
  public void close() {
    // taken while they are still xinetd's children; a handle never reaches a reused process id
    List<ProcessHandle> servers = process.toHandle().descendants().toList();
    AgentProcess.stop(process);
    servers.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  /** A port free on {@code bind} now (xinetd binds it a moment later). */
  static int freePort(String bind) throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getByName(bind), 0));
      return s.getLocalPort();
    }
  }

  private static String read(Path f) throws IOException {
    return Files.exists(f) ? Files.readString(f, StandardCharsets.ISO_8859_1) : "";
  }
}
