package dev.tcpwrap.bench.e2e;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The connection rate with and without the agent, measured so that the machine's own drift cancels:
 * a server JVM without the agent and one with it run <b>at the same time</b>, and the clients
 * hammer them in alternating short windows (A B, B A, ...). Each window pair gives one ratio
 * agent/none from two adjacent windows; a JVM pair's ratio is their geometric mean, and the answer
 * is the mean over several JVM pairs with a 95 % t interval (the pair is the independent unit: one
 * JVM's luck in code layout must not decide it).
 *
 * <p>Why: on 2 shared cores a rate measured in separate JVMs minutes apart spreads ±30 %, far more
 * than the 1-3 % the agent can cost. Adjacent windows see the same neighbours, the same CPU
 * frequency and the same page cache; the idle JVM of the pair only waits in {@code accept()}.
 *
 * <p>The clients connect from {@code --from}: 127.0.0.1 (allowed; every connection must get the
 * response) or 127.0.0.2 (refused under the agent: every connection must get no byte; against
 * {@code none-close}, a server without the agent that closes at once, this is the refused rate
 * against accept-and-close).
 *
 * <p>Also per mode over all windows: the server JVM's CPU (all threads) and its accepting thread's
 * CPU per connection, from {@code /proc} ticks summed over every window of that mode (10 ms ticks
 * are too coarse for one window).
 */
final class PairedRates {

  private final E2eHarness h;
  final int pairs;
  final int windows;
  final double windowSeconds;

  /**
   * The baseline mode and the measured one: normally none and agent; none and none checks the
   * method.
   */
  final String baseline;

  final String measured;

  PairedRates(
      E2eHarness h,
      String baseline,
      String measured,
      int pairs,
      int windows,
      double windowSeconds) {
    this.h = h;
    this.baseline = baseline;
    this.measured = measured;
    this.pairs = pairs;
    this.windows = windows;
    this.windowSeconds = windowSeconds;
  }

  /**
   * One JVM pair: its window ratios and, per mode, connections and CPU ticks summed over its
   * windows.
   */
  static final class Pair {
    final List<Double> ratios = new ArrayList<>();
    final List<Double> rates0 = new ArrayList<>();
    final List<Double> rates1 = new ArrayList<>();
    final long[] conns = new long[2];
    final long[] cpuTicks = new long[2];
    final long[] acceptorTicks = new long[2];

    /**
     * @return the geometric mean of the window ratios: the pair's rate ratio
     */
    double rateRatio() {
      return Math.exp(ratios.stream().mapToDouble(Math::log).average().orElse(Double.NaN));
    }

    /**
     * @return server CPU per connection, measured / baseline
     */
    double cpuRatio() {
      return perConn(cpuTicks[1], conns[1]) / perConn(cpuTicks[0], conns[0]);
    }

    /**
     * @return the accepting thread's CPU per connection, measured / baseline
     */
    double acceptorRatio() {
      return perConn(acceptorTicks[1], conns[1]) / perConn(acceptorTicks[0], conns[0]);
    }
  }

  List<Pair> run(String jdk, String kind) throws Exception {
    List<Pair> result = new ArrayList<>();
    for (int pair = 0; pair < pairs; pair++) {
      Pair r = new Pair();
      // which JVM starts first and warms up first alternates too
      Server[] both = new Server[2];
      try {
        both[pair % 2] = Server.start(h, jdk, kind, pair % 2 == 0 ? baseline : measured, pair % 2);
        both[1 - pair % 2] =
            Server.start(h, jdk, kind, pair % 2 == 0 ? measured : baseline, 1 - pair % 2);
        for (int i = 0; i < 2; i++) {
          Server s = both[(i + pair) % 2];
          h.warm(h.from, s.port, s.expectBytes);
        }
        for (int w = 0; w < windows; w++) {
          boolean baselineFirst = (w + pair) % 2 == 0; // A B, B A, ...: a linear drift cancels
          double first = window(both[baselineFirst ? 0 : 1], r);
          double second = window(both[baselineFirst ? 1 : 0], r);
          double rate0 = baselineFirst ? first : second;
          double rate1 = baselineFirst ? second : first;
          r.rates0.add(rate0);
          r.rates1.add(rate1);
          r.ratios.add(rate1 / rate0);
          if (h.verbose) {
            h.out.printf(
                Locale.ROOT,
                "    window %d: %s %.0f, %s %.0f conn/s, ratio %.3f%n",
                w,
                baseline,
                rate0,
                measured,
                rate1,
                rate1 / rate0);
          }
        }
      } finally {
        for (Server s : both) {
          if (s != null) {
            E2eHarness.stop(s.process);
          }
        }
      }
      result.add(r);
      h.out.printf(
          Locale.ROOT,
          "  %s %s pair %d: rate ratio %.3f, CPU/conn %.1f -> %.1f us (%.3f), accepting thread"
              + " %.1f -> %.1f us (%.3f), load %s%n",
          jdk,
          kind,
          pair,
          r.rateRatio(),
          perConn(r.cpuTicks[0], r.conns[0]),
          perConn(r.cpuTicks[1], r.conns[1]),
          r.cpuRatio(),
          perConn(r.acceptorTicks[0], r.conns[0]),
          perConn(r.acceptorTicks[1], r.conns[1]),
          r.acceptorRatio(),
          E2eHarness.uptime());
    }
    return result;
  }

  // hammers one server for windowSeconds from every client thread: conns/s; adds to its CPU sums
  private double window(Server s, Pair r) throws Exception {
    int m = s.index;
    long c0 = E2eHarness.cpuTicks(s.process.pid());
    long a0 = E2eHarness.acceptorTicks(s.process.pid(), s.kind);
    long t0 = System.nanoTime();
    long n = timedLoop(s, t0 + (long) (windowSeconds * 1e9));
    long t1 = System.nanoTime();
    r.conns[m] += n;
    r.cpuTicks[m] += E2eHarness.cpuTicks(s.process.pid()) - c0;
    r.acceptorTicks[m] += E2eHarness.acceptorTicks(s.process.pid(), s.kind) - a0;
    return n / ((t1 - t0) / 1e9);
  }

  // connections from every client thread until the deadline; each must receive the response, or
  // (refused, or closed at once) no byte
  private long timedLoop(Server s, long deadline) throws Exception {
    int k = h.clients;
    long[] counts = new long[k];
    Exception[] failure = new Exception[1];
    Thread[] threads = new Thread[k];
    for (int c = 0; c < k; c++) {
      int me = c;
      threads[c] =
          new Thread(
              () -> {
                try {
                  long n = 0;
                  while (System.nanoTime() < deadline) {
                    int got = E2eHarness.request(h.from, s.port);
                    if ((got > 0) != s.expectBytes) {
                      throw new IllegalStateException(
                          "a connection from "
                              + h.from.getHostAddress()
                              + " got "
                              + got
                              + " bytes, expected "
                              + (s.expectBytes ? "the response" : "none"));
                    }
                    n++;
                  }
                  counts[me] = n;
                } catch (Exception e) {
                  failure[0] = e;
                }
              });
      threads[c].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    if (failure[0] != null) {
      throw failure[0];
    }
    return Arrays.stream(counts).sum();
  }

  void report(String jdk, String kind, List<Pair> r) {
    List<Double> rates0 = new ArrayList<>();
    List<Double> rates1 = new ArrayList<>();
    long[] conns = new long[2];
    long[] cpu = new long[2];
    long[] acceptor = new long[2];
    for (Pair p : r) {
      rates0.addAll(p.rates0);
      rates1.addAll(p.rates1);
      for (int m = 0; m < 2; m++) {
        conns[m] += p.conns[m];
        cpu[m] += p.cpuTicks[m];
        acceptor[m] += p.acceptorTicks[m];
      }
    }
    h.out.printf(
        Locale.ROOT,
        "%-4s %-8s | %s | %s | %s | %,8.0f | %,8.0f | %5.1f -> %5.1f | %5.1f -> %5.1f%n",
        jdk,
        kind,
        meanWithCi(r.stream().map(Pair::rateRatio).toList()),
        meanWithCi(r.stream().map(Pair::cpuRatio).toList()),
        meanWithCi(r.stream().map(Pair::acceptorRatio).toList()),
        E2eHarness.median(rates0),
        E2eHarness.median(rates1),
        perConn(cpu[0], conns[0]),
        perConn(cpu[1], conns[1]),
        perConn(acceptor[0], conns[0]),
        perConn(acceptor[1], conns[1]));
  }

  void header() {
    h.out.printf(
        "paired rates, connections from %s, %s against %s: %d JVM pairs x %d window pairs of %.1f s, %d"
            + " client threads, warm-up %.1f s per JVM%n",
        h.from.getHostAddress(),
        measured,
        baseline,
        pairs,
        windows,
        windowSeconds,
        h.clients,
        h.warmupSeconds);
    h.out.println(
        "per JVM pair: rate ratio = geometric mean of "
            + measured
            + "/"
            + baseline
            + " over its adjacent"
            + " windows; CPU ratios = CPU per connection "
            + measured
            + "/"
            + baseline
            + " over its windows.");
    h.out.println(
        "columns: rate ratio, server CPU ratio, accepting-thread CPU ratio: geometric mean over the JVM"
            + " pairs [95% CI, t over pairs] | median conn/s "
            + baseline
            + " | "
            + measured
            + " | CPU us/conn "
            + baseline
            + " -> "
            + measured
            + " (server, accepting thread; all windows)");
  }

  // geometric mean of per-pair ratios with a 95 % confidence interval (Student's t over the pairs)
  static String meanWithCi(List<Double> ratios) {
    double[] logs = ratios.stream().mapToDouble(Math::log).toArray();
    int n = logs.length;
    double mean = Arrays.stream(logs).average().orElse(Double.NaN);
    if (n < 2) {
      return String.format(Locale.ROOT, "%5.3f [   -   ]", Math.exp(mean));
    }
    double sd = Math.sqrt(Arrays.stream(logs).map(x -> (x - mean) * (x - mean)).sum() / (n - 1));
    double half = T975[Math.min(n - 1, T975.length) - 1] * sd / Math.sqrt(n);
    return String.format(
        Locale.ROOT,
        "%5.3f [%5.3f-%5.3f]",
        Math.exp(mean),
        Math.exp(mean - half),
        Math.exp(mean + half));
  }

  // Student's t, 97.5 % quantile, for 1..30 degrees of freedom (more: the value for 30, slightly
  // conservative)
  private static final double[] T975 = {
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
    2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
    2.052, 2.048, 2.045, 2.042
  };

  // 100 ticks per second: µs per connection
  private static double perConn(long ticks, long conns) {
    return conns == 0 ? Double.NaN : ticks * 10_000.0 / conns;
  }

  /**
   * A forked server, the port it listens on, and which of the two modes it runs (0 baseline, 1
   * measured).
   */
  record Server(Process process, int port, int index, String kind, boolean expectBytes) {
    static Server start(E2eHarness h, String jdk, String kind, String mode, int index)
        throws Exception {
      int port = E2eHarness.freePort();
      Process p =
          h.startServing(jdk, kind, mode, port, h.work.resolve("stderr-paired-" + index + ".txt"));
      return new Server(p, port, index, kind, E2eHarness.expectsResponse(mode, h.from));
    }
  }
}
