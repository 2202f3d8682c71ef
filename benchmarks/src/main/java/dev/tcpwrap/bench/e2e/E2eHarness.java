package dev.tcpwrap.bench.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * End-to-end costs of the agent, measured side by side in one run: {@link E2eServer} is forked with
 * and without {@code -javaagent:tcpwrap.jar}, on each JDK, and driven from this JVM over loopback.
 *
 * <ul>
 *   <li><b>start-up</b>: from just before {@code ProcessBuilder.start()} to the first complete
 *       response to a client that retries connecting every 2 ms (JVM start, premain, class loading,
 *       bind, first accept);
 *   <li><b>allowed rate</b>: sequential new TCP connections from 127.0.0.1 (connect, read the
 *       response to EOF, close), after a warm-up, in connections per second;
 *   <li><b>refused rate</b>: the same from 127.0.0.2 (read to EOF or RST). Without the agent these
 *       connections are served, so that column is the plain connection-rate baseline.
 * </ul>
 *
 * Rules: hosts.allow {@code ALL: 127.0.0.1}, hosts.deny {@code ALL: ALL}. Modes are interleaved
 * (the order alternates between repetitions). Every connection is checked: allowed ones got the
 * response, refused ones under the agent got no byte.
 *
 * <p>Kinds (the server, {@code --kinds}): {@code socket} and {@code channel} ({@link E2eServer},
 * the JDK's accept paths), {@code epoll} and {@code iouring} ({@link E2eNettyServer}: Netty 4.2's
 * native transports, on the jars the build copies to {@code e2e-lib/} next to the classes).
 *
 * <p>Modes: {@code none}; {@code none-close} (no agent, and the server closes every connection at
 * once without writing: accept and close, the baseline for refusals; for Netty, on sight in the
 * server channel's pipeline); {@code none-close-active} (Netty only: no agent, closed in the
 * child's {@code channelActive}); {@code agent} (the {@code --agent} jar, warm transformed-class
 * cache in the run's temporary directory); {@code agent-cold} (a fresh, empty cache for every JVM);
 * {@code agent-nocache} ({@code -Dtcpwrap.cache=off}); {@code agent-logall} ({@code agent} with
 * {@code log-allowed=true}: a stderr line per connection); {@code agent-syslog} and {@code
 * agent-syslog-logall} (the same lines as syslog datagrams, {@code log=syslog://127.0.0.1:PORT}, to
 * a collector in this JVM that counts them, {@link SyslogSink}); {@code agent-jfr} ({@code agent}
 * with a flight recording running, {@code settings=default}); {@code none-jfr} (that recording, no
 * agent); {@code base} (a second jar, {@code --base}, e.g. the previous build, with no cache
 * property).
 *
 * <p>Usage (see docs/benchmarks.md): {@code java -cp benchmarks/target/classes
 * dev.tcpwrap.bench.e2e.E2eHarness --agent agent/target/tcpwrap.jar [--base OLD.jar] [--modes
 * none,agent] [--jdks 17=/usr/lib/jvm/...,25=...] [--kinds socket,channel] [--startups 15]
 * [--rounds 5] [--conns 10000] [--warmup 5000] [--warmup-seconds 0] [--clients 1] [--what
 * startup,rates]}. {@code --warmup-seconds S} repeats the warm-up until S seconds have passed, so
 * that the timed connections run the JIT-compiled accept path (with the agent there is more to
 * compile, and a C2 recompilation of {@code accept()} can otherwise land in the timed window). With
 * {@code --clients K}, K threads share the connections (throughput rather than one connection's
 * round trip).
 *
 * <p>{@code --what paired --modes BASELINE,MEASURED [--pairs 3] [--windows 20] [--window-seconds 2]
 * [--server-cpus LIST] [--verbose true] [--from 127.0.0.2]}: the connection rate of two modes alive
 * at once, in alternating windows ({@link PairedRates}); {@code --modes none,none} checks the
 * method itself. The clients connect from {@code --from} (default 127.0.0.1, allowed): with {@code
 * --from 127.0.0.2 --modes none-close,agent} it is the refused rate against the no-agent server's
 * accept and close.
 */
public final class E2eHarness {

  static final InetAddress ALLOWED = address("127.0.0.1");
  static final InetAddress REFUSED = address("127.0.0.2");
  static final Pattern PREMAIN = Pattern.compile("premain done in (\\d+) ms");

  final Map<String, String> jdks = new LinkedHashMap<>();
  List<String> kinds = List.of("socket", "channel");
  List<String> modes = List.of("none", "agent");
  List<String> what = List.of("startup", "rates");
  Path agent;
  Path base;
  int startups = 15;
  int rounds = 5;
  int conns = 10_000;
  int warmup = 5_000;

  /**
   * Also warm up for at least this long, so that the JIT has compiled the accept path (0: count
   * only).
   */
  double warmupSeconds = 0;

  int clients = 1;

  /** {@code --what paired}: JVM pairs, window pairs per JVM pair, seconds per window. */
  int pairs = 3;

  int windows = 20;
  double windowSeconds = 2;

  /** CPUs the server JVMs are pinned to ({@code taskset -c}), or null. */
  String serverCpus;

  /** Prints every window's figures. */
  boolean verbose;

  /** {@code --what paired}: where the clients connect from. */
  InetAddress from = ALLOWED;

  String serverClasspath;
  Path work;
  Path allowFile;
  Path denyFile;
  PrintStream out = System.out;
  SyslogSink syslogSink;

  private E2eHarness() {}

  public static void main(String[] args) throws Exception {
    E2eHarness h = new E2eHarness();
    h.parse(args);
    h.run();
  }

  void parse(String[] args) throws Exception {
    jdks.put("17", "/usr/lib/jvm/java-17-openjdk-amd64");
    jdks.put("25", "/usr/lib/jvm/temurin-25-jdk-amd64");
    serverClasspath =
        Path.of(E2eServer.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString();
    for (int i = 0; i < args.length; i += 2) {
      String k = args[i];
      String v = args[i + 1];
      switch (k) {
        case "--agent" -> agent = Path.of(v).toAbsolutePath();
        case "--base" -> base = Path.of(v).toAbsolutePath();
        case "--modes" -> modes = List.of(v.split(","));
        case "--kinds" -> kinds = List.of(v.split(","));
        case "--what" -> what = List.of(v.split(","));
        case "--startups" -> startups = Integer.parseInt(v);
        case "--rounds" -> rounds = Integer.parseInt(v);
        case "--conns" -> conns = Integer.parseInt(v);
        case "--warmup" -> warmup = Integer.parseInt(v);
        case "--warmup-seconds" -> warmupSeconds = Double.parseDouble(v);
        case "--clients" -> clients = Integer.parseInt(v);
        case "--server-cpus" -> serverCpus = v;
        case "--verbose" -> verbose = Boolean.parseBoolean(v);
        case "--from" -> from = address(v);
        case "--pairs" -> pairs = Integer.parseInt(v);
        case "--windows" -> windows = Integer.parseInt(v);
        case "--window-seconds" -> windowSeconds = Double.parseDouble(v);
        case "--jdks" -> {
          jdks.clear();
          for (String j : v.split(",")) {
            String[] nv = j.split("=", 2);
            jdks.put(nv[0], nv[1]);
          }
        }
        default -> throw new IllegalArgumentException("unknown option " + k);
      }
    }
    for (String m : modes) {
      if (m.startsWith("agent") && agent == null || m.equals("base") && base == null) {
        throw new IllegalArgumentException("mode " + m + " needs --agent / --base");
      }
    }
    work = Files.createTempDirectory("tcpwrap-e2e-");
    allowFile = Files.writeString(work.resolve("hosts.allow"), "ALL: 127.0.0.1\n");
    denyFile = Files.writeString(work.resolve("hosts.deny"), "ALL: ALL\n");
  }

  void run() throws Exception {
    out.printf(
        "tcpwrap e2e: modes=%s kinds=%s jdks=%s startups=%d rounds=%d conns=%d warmup=%d (at least %.1f s)"
            + " clients=%d%n",
        modes, kinds, jdks.keySet(), startups, rounds, conns, warmup, warmupSeconds, clients);
    out.println("load before: " + uptime());
    Map<String, List<Double>> results = new LinkedHashMap<>();
    if (what.contains("paired")) {
      paired();
    }
    for (Map.Entry<String, String> jdk : jdks.entrySet()) {
      for (String kind : kinds) {
        if (!what.contains("startup") && !what.contains("rates")) {
          continue;
        }
        // warm the agent's cache (and the OS page cache) with one untimed start per mode
        for (String mode : modes) {
          if (expectsResponse(mode, ALLOWED)) {
            startup(jdk.getValue(), kind, mode);
          }
        }
        if (what.contains("startup")) {
          for (int rep = 0; rep < startups; rep++) {
            for (String mode : order(rep)) {
              long[] r = startup(jdk.getValue(), kind, mode);
              add(results, key(jdk.getKey(), kind, "startup", mode), r[0]);
              add(results, key(jdk.getKey(), kind, "bound", mode), r[2]);
              add(results, key(jdk.getKey(), kind, "first", mode), r[3]);
              if (r[1] >= 0) {
                add(results, key(jdk.getKey(), kind, "premain", mode), r[1]);
              }
            }
          }
        }
        if (what.contains("rates")) {
          for (int round = 0; round < rounds; round++) {
            for (String mode : order(round)) {
              double[] r = rates(jdk.getValue(), kind, mode);
              add(results, key(jdk.getKey(), kind, "allowed", mode), r[0]);
              add(results, key(jdk.getKey(), kind, "refused", mode), r[1]);
              add(results, key(jdk.getKey(), kind, "allowed-cpu", mode), r[2]);
              add(results, key(jdk.getKey(), kind, "refused-cpu", mode), r[3]);
              add(results, key(jdk.getKey(), kind, "allowed-acceptor-cpu", mode), r[4]);
            }
          }
        }
        out.println("done " + jdk.getKey() + " " + kind + ", load: " + uptime());
      }
    }
    report(results);
    if (syslogSink != null) {
      out.println(
          "syslog datagrams received: "
              + syslogSink.received()
              + ", bytes over TCP: "
              + syslogSink.tcpBytes());
      syslogSink.close();
    }
    out.println("load after: " + uptime());
    Path raw = work.resolve("raw.tsv");
    StringBuilder sb = new StringBuilder();
    results.forEach((k, v) -> sb.append(k).append('\t').append(v).append('\n'));
    Files.writeString(raw, sb.toString());
    out.println("raw figures: " + raw);
  }

  // --what paired: both modes alive at once, alternating windows (PairedRates)
  void paired() throws Exception {
    if (modes.size() != 2) {
      throw new IllegalArgumentException(
          "--what paired takes two --modes: the baseline and the measured one");
    }
    PairedRates p =
        new PairedRates(this, modes.get(0), modes.get(1), pairs, windows, windowSeconds);
    Map<String, List<PairedRates.Pair>> results = new LinkedHashMap<>();
    for (Map.Entry<String, String> jdk : jdks.entrySet()) {
      for (String kind : kinds) {
        for (String mode : modes) {
          if (!agentless(mode)) {
            startup(jdk.getValue(), kind, mode); // fills the transformed-class cache
          }
        }
        results.put(jdk.getKey() + " " + kind, p.run(jdk.getValue(), kind));
      }
    }
    out.println();
    p.header();
    for (Map.Entry<String, String> jdk : jdks.entrySet()) {
      for (String kind : kinds) {
        p.report(jdk.getKey(), kind, results.get(jdk.getKey() + " " + kind));
      }
    }
    out.println();
  }

  List<String> order(int rep) {
    List<String> o = new ArrayList<>(modes);
    if (rep % 2 == 1) {
      Collections.reverse(o);
    }
    return o;
  }

  // one JVM start: {ms to the first response, premain ms or -1}
  long[] startup(String jdk, String kind, String mode) throws Exception {
    int port = freePort();
    Path err = work.resolve("stderr-" + mode + ".txt");
    ProcessBuilder pb = server(jdk, kind, mode, port, err);
    long t0 = System.nanoTime();
    Process p = pb.start();
    try {
      long[] connected = new long[1];
      while (true) {
        try {
          if (request(null, port, connected) <= 0) {
            throw new IllegalStateException("first request got no response (" + mode + ")");
          }
          break;
        } catch (ConnectException e) {
          if (!p.isAlive()) {
            throw new IllegalStateException("server died (" + mode + "): " + Files.readString(err));
          }
          Thread.sleep(2);
        }
      }
      long end = System.nanoTime();
      return new long[] {
        (end - t0) / 1_000_000,
        premain(err, p),
        (connected[0] - t0) / 1_000_000,
        (end - connected[0]) / 1_000_000
      };
    } finally {
      stop(p);
    }
  }

  // one server JVM: {allowed conns/s, refused conns/s}
  double[] rates(String jdk, String kind, String mode) throws Exception {
    int port = freePort();
    Process p = startServing(jdk, kind, mode, port, work.resolve("stderr-" + mode + ".txt"));
    try {
      warm(ALLOWED, port, expectsResponse(mode, ALLOWED));
      long c0 = cpuTicks(p.pid());
      long a0 = acceptorTicks(p.pid(), kind);
      long t0 = System.nanoTime();
      loop(ALLOWED, port, conns, expectsResponse(mode, ALLOWED));
      double allowed = conns / ((System.nanoTime() - t0) / 1e9);
      double allowedCpu =
          (cpuTicks(p.pid()) - c0) * 10_000.0 / conns; // 100 ticks/s -> µs per connection
      double acceptorCpu = (acceptorTicks(p.pid(), kind) - a0) * 10_000.0 / conns;
      warm(REFUSED, port, expectsResponse(mode, REFUSED));
      c0 = cpuTicks(p.pid());
      t0 = System.nanoTime();
      loop(REFUSED, port, conns, expectsResponse(mode, REFUSED));
      double refused = conns / ((System.nanoTime() - t0) / 1e9);
      double refusedCpu = (cpuTicks(p.pid()) - c0) * 10_000.0 / conns;
      return new double[] {allowed, refused, allowedCpu, refusedCpu, acceptorCpu};
    } finally {
      stop(p);
    }
  }

  // a forked server that has served its first request; stopped and reported if it dies or never
  // serves
  Process startServing(String jdk, String kind, String mode, int port, Path err) throws Exception {
    Process p = server(jdk, kind, mode, port, err).start();
    for (int i = 0; ; i++) {
      try {
        request(null, port);
        return p;
      } catch (ConnectException e) {
        if (!p.isAlive() || i > 2_000) {
          stop(p);
          throw new IOException("server " + mode + " did not start: " + Files.readString(err));
        }
        Thread.sleep(5);
      }
    }
  }

  // the warm-up: `warmup` connections, repeated until `warmupSeconds` have passed
  void warm(InetAddress from, int port, boolean expectBytes) throws Exception {
    long end = System.nanoTime() + (long) (warmupSeconds * 1e9);
    do {
      loop(from, port, warmup, expectBytes);
    } while (System.nanoTime() < end);
  }

  // n connections from `clients` threads (n / clients each)
  void loop(InetAddress from, int port, int n, boolean expectBytes) throws Exception {
    if (clients == 1) {
      loop1(from, port, n, expectBytes);
      return;
    }
    List<Thread> threads = new ArrayList<>();
    Exception[] failure = new Exception[1];
    for (int c = 0; c < clients; c++) {
      Thread t =
          new Thread(
              () -> {
                try {
                  loop1(from, port, n / clients, expectBytes);
                } catch (Exception e) {
                  failure[0] = e;
                }
              });
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    if (failure[0] != null) {
      throw failure[0];
    }
  }

  static void loop1(InetAddress from, int port, int n, boolean expectBytes) throws IOException {
    for (int i = 0; i < n; i++) {
      int got = request(from, port);
      if ((got > 0) != expectBytes) {
        throw new IllegalStateException(
            "connection "
                + i
                + " from "
                + from.getHostAddress()
                + " got "
                + got
                + " bytes, expected "
                + (expectBytes ? "a response" : "none"));
      }
    }
  }

  // one connection: the number of bytes received before EOF (0 for an immediate EOF or reset)
  static int request(InetAddress from, int port) throws IOException {
    return request(from, port, null);
  }

  // connected[0] receives System.nanoTime() when the connection is established (the port is bound)
  static int request(InetAddress from, int port, long[] connected) throws IOException {
    try (Socket s = new Socket()) {
      if (from != null) {
        s.bind(new InetSocketAddress(from, 0));
      }
      s.connect(new InetSocketAddress(ALLOWED, port), 5_000);
      if (connected != null) {
        connected[0] = System.nanoTime();
      }
      s.setSoTimeout(10_000);
      InputStream in = s.getInputStream();
      byte[] buf = new byte[256];
      int total = 0;
      try {
        for (int r; (r = in.read(buf)) > 0; ) {
          total += r;
        }
      } catch (SocketException reset) {
        // a refusal may come as RST; a served connection never does
      }
      return total;
    }
  }

  ProcessBuilder server(String jdk, String kind, String mode, int port, Path err)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    if (serverCpus != null) {
      cmd.addAll(List.of("taskset", "-c", serverCpus));
    }
    cmd.add(jdk + "/bin/java");
    String args = "daemon=e2e,allow=" + allowFile + ",deny=" + denyFile;
    switch (mode) {
      case "none", "none-close", "none-close-active" -> {}
      case "none-jfr" -> cmd.add("-XX:StartFlightRecording=name=e2e,settings=default");
      case "agent" -> {
        cmd.add("-Dtcpwrap.cache=" + work.resolve("cache"));
        cmd.add("-javaagent:" + agent + "=" + args);
      }
      case "agent-cold" -> {
        cmd.add("-Dtcpwrap.cache=" + Files.createTempDirectory(work, "cold-"));
        cmd.add("-javaagent:" + agent + "=" + args);
      }
      case "agent-nocache" -> {
        cmd.add("-Dtcpwrap.cache=off");
        cmd.add("-javaagent:" + agent + "=" + args);
      }
      case "agent-logall",
          "agent-syslog",
          "agent-syslog-logall",
          "agent-syslogtcp",
          "agent-syslogtcp-logall" -> {
        // the log line of every refusal (and with -logall every allowed connection too) to
        // stderr (a file here) or over UDP or TCP to the harness's own collector
        String log =
            mode.startsWith("agent-syslogtcp")
                ? ",log=" + syslog().tcpTarget()
                : mode.startsWith("agent-syslog") ? ",log=" + syslog().target() : "";
        String all = mode.endsWith("-logall") ? ",log-allowed=true" : "";
        cmd.add("-Dtcpwrap.cache=" + work.resolve("cache"));
        cmd.add("-javaagent:" + agent + "=" + args + log + all);
      }
      case "agent-jfr" -> {
        // a flight recording running, with the agent's default events (refusals on, allowed off)
        cmd.add("-XX:StartFlightRecording=name=e2e,settings=default");
        cmd.add("-Dtcpwrap.cache=" + work.resolve("cache"));
        cmd.add("-javaagent:" + agent + "=" + args);
      }
      case "base" -> cmd.add("-javaagent:" + base + "=" + args);
      default -> throw new IllegalArgumentException("unknown mode " + mode);
    }
    if (netty(kind)) {
      Path lib = Path.of(serverClasspath).getParent().resolve("e2e-lib");
      if (!Files.isDirectory(lib)) {
        throw new IOException(
            lib + " is missing: build the benchmarks module (it copies Netty there)");
      }
      cmd.addAll(List.of("-cp", serverClasspath + java.io.File.pathSeparator + lib + "/*"));
      cmd.add(E2eNettyServer.class.getName());
    } else if (kind.equals("socket") || kind.equals("channel")) {
      if (mode.equals("none-close-active")) {
        throw new IllegalArgumentException("none-close-active is for the Netty kinds only");
      }
      cmd.addAll(List.of("-cp", serverClasspath, E2eServer.class.getName()));
    } else {
      throw new IllegalArgumentException("unknown kind " + kind);
    }
    cmd.addAll(List.of(kind, Integer.toString(port), serverWhat(mode)));
    return new ProcessBuilder(cmd)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(err.toFile());
  }

  // started with the first syslog mode, for the whole run
  private SyslogSink syslog() throws IOException {
    if (syslogSink == null) {
      syslogSink = new SyslogSink();
    }
    return syslogSink;
  }

  static boolean netty(String kind) {
    return kind.equals("epoll") || kind.equals("iouring");
  }

  /** Without the agent. */
  static boolean agentless(String mode) {
    return mode.equals("none") || mode.startsWith("none-");
  }

  /** What the server does with a connection it gets: serve, close or close-active. */
  static String serverWhat(String mode) {
    return switch (mode) {
      case "none-close" -> "close";
      case "none-close-active" -> "close-active";
      default -> "serve";
    };
  }

  /**
   * @return whether a connection from {@code from} to a server of this mode gets the response
   *     (otherwise: EOF or reset, no byte)
   */
  static boolean expectsResponse(String mode, InetAddress from) {
    return serverWhat(mode).equals("serve") && (from.equals(ALLOWED) || agentless(mode));
  }

  static long premain(Path err, Process p) throws IOException, InterruptedException {
    for (int i = 0; i < 50; i++) {
      Matcher m = PREMAIN.matcher(Files.readString(err, StandardCharsets.ISO_8859_1));
      if (m.find()) {
        return Long.parseLong(m.group(1));
      }
      if (!Files.readString(err, StandardCharsets.ISO_8859_1).contains("tcpwrap")) {
        return -1; // no agent
      }
      Thread.sleep(10); // the log line is written by a background thread
    }
    return -1;
  }

  // user + system CPU time of a process (all threads), in clock ticks of 10 ms (Linux /proc)
  static long cpuTicks(long pid) throws IOException {
    return ticks(Path.of("/proc/" + pid + "/stat"));
  }

  // utime + stime of a /proc stat file (process or task): fields 14 and 15 of proc(5)
  private static long ticks(Path stat) throws IOException {
    String text = Files.readString(stat);
    String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /**
   * CPU ticks of the server's accepting thread alone: E2eServer accepts on its Java main thread,
   * which the launcher starts as a second task that keeps the launcher's name, "java" (the JVM
   * names the threads it starts itself, and the first task only waits); E2eNettyServer on its one
   * event loop, {@value E2eNettyServer#LOOP_THREAD}. With one accepting thread, the CPU-bound rate
   * is one over this per connection, free of the client threads' noise. (Not "the lowest other task
   * id": ids wrap around.)
   */
  static long acceptorTicks(long pid, String kind) throws IOException {
    String name = netty(kind) ? E2eNettyServer.LOOP_THREAD : "java";
    try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      List<Path> named =
          tasks
              .filter(t -> !t.getFileName().toString().equals(Long.toString(pid)))
              .filter(t -> comm(t).equals(name))
              .toList();
      if (named.size() != 1) {
        throw new IOException(
            "expected one task named "
                + name
                + " besides the first in /proc/"
                + pid
                + "/task, found "
                + named.size());
      }
      return ticks(named.get(0).resolve("stat"));
    }
  }

  private static String comm(Path task) {
    try {
      return Files.readString(task.resolve("comm")).trim();
    } catch (IOException e) {
      return ""; // the thread ended meanwhile
    }
  }

  static void stop(Process p) throws InterruptedException {
    p.destroy();
    if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
    }
  }

  void report(Map<String, List<Double>> r) {
    out.println();
    if (what.contains("startup")) {
      out.println(
          "JVM start to first response, ms: median [min-max] of " + startups + " starts per mode");
      StringBuilder h = new StringBuilder(String.format("%-4s %-8s", "jdk", "kind"));
      for (String m : modes) {
        h.append(String.format(" | %-20s", m));
      }
      for (String m : modes) {
        if (!m.equals("none")) {
          h.append(String.format(" | %-8s | %-12s", "+" + m, "premain " + m));
        }
      }
      out.println(h);
      for (String jdk : jdks.keySet()) {
        for (String kind : kinds) {
          StringBuilder row = new StringBuilder(String.format("%-4s %-8s", jdk, kind));
          for (String m : modes) {
            row.append(String.format(" | %-20s", fmt(r.get(key(jdk, kind, "startup", m)), "%.0f")));
          }
          double none = median(r.get(key(jdk, kind, "startup", "none")));
          for (String m : modes) {
            if (!m.equals("none")) {
              double med = median(r.get(key(jdk, kind, "startup", m)));
              List<Double> pm = r.get(key(jdk, kind, "premain", m));
              row.append(
                  String.format(
                      " | %+8.0f | %-12s", med - none, pm == null ? "-" : fmt(pm, "%.0f")));
            }
          }
          out.println(row);
        }
      }
      out.println();
      out.println(
          "the same starts split at the first established connection (the port is bound): ms, median [min-max]");
      StringBuilder h2 = new StringBuilder(String.format("%-4s %-8s", "jdk", "kind"));
      for (String m : modes) {
        h2.append(String.format(" | %-19s | %-19s", "bound " + m, "bound->resp " + m));
      }
      out.println(h2);
      for (String jdk : jdks.keySet()) {
        for (String kind : kinds) {
          StringBuilder row = new StringBuilder(String.format("%-4s %-8s", jdk, kind));
          for (String m : modes) {
            row.append(
                String.format(
                    " | %-19s | %-19s",
                    fmt(r.get(key(jdk, kind, "bound", m)), "%.0f"),
                    fmt(r.get(key(jdk, kind, "first", m)), "%.0f")));
          }
          out.println(row);
        }
      }
      out.println();
    }
    if (what.contains("rates")) {
      out.println(
          "connections/s: median [min-max] of "
              + rounds
              + " server JVMs per mode, "
              + conns
              + " connections each after "
              + warmup
              + " warm-up (at least "
              + warmupSeconds
              + " s), "
              + clients
              + " client thread(s); ratio = median(mode)/median(none)");
      out.println(
          "(refused under 'none' = the same 127.0.0.2 connections served: the baseline connection rate)");
      out.println(
          "(and *-cpu: the server JVM's user+system CPU per timed connection, µs, from /proc/PID/stat in"
              + " 10 ms ticks: less sensitive to other load than the rate; allowed-acceptor-cpu: the accepting thread's"
              + " alone)");
      for (String metric :
          List.of("allowed", "refused", "allowed-cpu", "refused-cpu", "allowed-acceptor-cpu")) {
        StringBuilder h = new StringBuilder(String.format("%-8s %-4s %-8s", metric, "jdk", "kind"));
        for (String m : modes) {
          h.append(String.format(" | %-22s", m));
        }
        for (String m : modes) {
          if (!m.equals("none")) {
            h.append(String.format(" | %-6s", "ratio " + m));
          }
        }
        out.println(h);
        for (String jdk : jdks.keySet()) {
          for (String kind : kinds) {
            StringBuilder row = new StringBuilder(String.format("%-8s %-4s %-8s", "", jdk, kind));
            for (String m : modes) {
              row.append(String.format(" | %-22s", fmt(r.get(key(jdk, kind, metric, m)), "%.0f")));
            }
            double none = median(r.get(key(jdk, kind, metric, "none")));
            for (String m : modes) {
              if (!m.equals("none")) {
                row.append(
                    String.format(" | %6.3f", median(r.get(key(jdk, kind, metric, m))) / none));
              }
            }
            out.println(row);
          }
        }
      }
    }
  }

  static String key(String jdk, String kind, String metric, String mode) {
    return jdk + "/" + kind + "/" + metric + "/" + mode;
  }

  static void add(Map<String, List<Double>> r, String key, double v) {
    r.computeIfAbsent(key, k -> new ArrayList<>()).add(v);
  }

  static String fmt(List<Double> v, String f) {
    if (v == null || v.isEmpty()) {
      return "-";
    }
    return String.format(
        Locale.ROOT,
        f + " [" + f + "-" + f + "]",
        median(v),
        Collections.min(v),
        Collections.max(v));
  }

  static double median(List<Double> v) {
    if (v == null || v.isEmpty()) {
      return Double.NaN;
    }
    double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(a);
    return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, ALLOWED)) {
      return s.getLocalPort();
    }
  }

  static String uptime() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "?";
    }
  }

  static InetAddress address(String a) {
    try {
      return InetAddress.getByName(a);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
