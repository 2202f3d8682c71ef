package dev.tcpwrap.it.deploy;

import dev.tcpwrap.it.agent.harness.Probe;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Ports, listeners and HTTP probes for the deployment tests. */
final class Net {

  private Net() {}

  /**
   * @return a port free right now
   */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /**
   * @return {@code n} different ports, free right now
   */
  static int[] freePorts(int n) throws IOException {
    ServerSocket[] held = new ServerSocket[n];
    int[] ports = new int[n];
    try {
      for (int i = 0; i < n; i++) {
        held[i] = new ServerSocket(0);
        ports[i] = held[i].getLocalPort();
      }
    } finally {
      for (ServerSocket s : held) {
        if (s != null) {
          s.close();
        }
      }
    }
    return ports;
  }

  /**
   * Sends {@code GET /} from {@code source} to 127.0.0.1:port.
   *
   * @return what came back (empty if the connection was closed without a byte)
   */
  static String get(String source, int port) throws IOException {
    return Probe.exchange(source, port, "GET / HTTP/1.0\r\nHost: localhost\r\n\r\n", false)
        .received();
  }

  /** A server that could not listen on the port the test chose: another process took it. */
  static final class PortTaken extends AssertionError {
    PortTaken(String message) {
      super(message);
    }
  }

  /** A test body that chooses its ports. */
  interface Body {
    void run() throws Exception;
  }

  /**
   * Runs {@code body}, again (at most three times in all) when its server found its port taken: a
   * port free when chosen can be taken by any process on a shared machine before the server binds
   * it.
   */
  static void retryingPorts(Body body) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        body.run();
        return;
      } catch (PortTaken e) {
        if (attempt == 3) {
          throw e;
        }
      }
    }
  }

  /**
   * Waits until 127.0.0.1 gets an HTTP answer on {@code port}; fails with {@code context}, with
   * {@link PortTaken} if the server died for a port in use.
   */
  static void awaitHttp(int port, Duration timeout, Script context) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        if (get("127.0.0.1", port).startsWith("HTTP/1.")) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      if (!context.process().isAlive()
          && context.lines().stream()
              .anyMatch(
                  l -> l.contains("Address already in use") || l.contains("Failed to bind"))) {
        throw new PortTaken("port " + port + " taken:\n" + context.text());
      }
      if (System.nanoTime() > deadline || !context.process().isAlive()) {
        throw new AssertionError(
            "no HTTP answer on port "
                + port
                + " (alive="
                + context.process().isAlive()
                + "):\n"
                + context.text());
      }
      Script.sleep(100);
    }
  }

  /**
   * @return the pids of the processes listening on TCP {@code port} ({@code ss -Hltnp})
   */
  static Set<Long> listenerPids(int port) throws IOException, InterruptedException {
    Set<Long> pids = new TreeSet<>();
    for (String[] l : ss()) {
      if (portOf(l[3]) == port) {
        Matcher m = Pattern.compile("pid=(\\d+)").matcher(l[l.length - 1]);
        while (m.find()) {
          pids.add(Long.parseLong(m.group(1)));
        }
      }
    }
    return pids;
  }

  /**
   * @return the TCP ports process {@code pid} listens on ({@code ss -Hltnp})
   */
  static Set<Integer> listeningPorts(long pid) throws IOException, InterruptedException {
    Set<Integer> ports = new TreeSet<>();
    for (String[] l : ss()) {
      if (l[l.length - 1].contains("pid=" + pid + ",")) {
        ports.add(portOf(l[3]));
      }
    }
    return ports;
  }

  private static int portOf(String local) {
    return Integer.parseInt(local.substring(local.lastIndexOf(':') + 1));
  }

  private static List<String[]> ss() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("ss", "-Hltnp").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException("ss -Hltnp failed: " + out);
    }
    List<String[]> rows = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (!line.isBlank()) {
        rows.add(line.trim().split("\\s+"));
      }
    }
    return rows;
  }
}
