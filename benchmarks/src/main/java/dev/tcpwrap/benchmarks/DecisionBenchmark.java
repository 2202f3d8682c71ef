package dev.tcpwrap.benchmarks;

import dev.tcpwrap.core.access.AccessControl;
import dev.tcpwrap.core.access.AddressVerdict;
import dev.tcpwrap.core.access.FileMatchEnvironment;
import dev.tcpwrap.core.access.Verdict;
import dev.tcpwrap.core.request.Endpoint;
import dev.tcpwrap.core.request.Request;
import dev.tcpwrap.core.resolve.HostResolver;
import dev.tcpwrap.core.rules.RuleTable;
import dev.tcpwrap.core.rules.RuleTableLoader;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Decision latency of the indexed engine ({@link AccessControl#of}) against the same engine without
 * the index ({@link AccessControl#linear}, a top-to-bottom scan), at 10, 1,000 and 100,000
 * hosts.allow address rules of IPv4, IPv6 or both (see {@link Workload} for the files and the
 * client pool).
 *
 * <p>{@link #decide}, each operation is what the agent does for one accepted connection: ask {@link
 * AccessControl#decideAddress} with the daemon name and the client's {@code InetAddress}, and when
 * that defers (a rule that could match needs a host name, a user, the server endpoint, or has
 * options to carry out), build a {@link Request} from the socket addresses and decide it the
 * ordinary way. The linear engine has no index, so it always takes the ordinary way. {@link
 * #decideRequest} always takes the ordinary way. The request is built inside the measured operation
 * on purpose: a {@code Request} caches what it evaluates lazily (host name, user), so a prebuilt
 * one would be decided with a warm cache, and building it is part of the real per-connection cost.
 * {@link RequestBenchmark} measures that part alone.
 *
 * <p>Setup refuses to run when the indexed and the linear engine disagree (granted, deciding rule)
 * on any client of the pool, by either way: the benchmark never measures a wrong index.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DecisionBenchmark {

  @Param({"10", "1000", "100000"})
  public int rules;

  @Param({"ipv4", "ipv6", "mixed"})
  public String family;

  @Param({"indexed", "linear"})
  public String engine;

  private AccessControl access;
  private InetSocketAddress[] clients;
  private InetSocketAddress server;
  private String[] clientTexts;

  /** The position in the client pool, per benchmark thread. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;
  }

  @Setup(Level.Trial)
  public void setUp(BenchmarkParams params) {
    boolean strings = params.getBenchmark().endsWith(".decideStrings");
    Workload w = Workload.of(rules, family);
    RuleTable allow =
        RuleTableLoader.parse("/etc/hosts.allow", RuleTable.Role.ALLOW, w.allowBytes());
    RuleTable deny = RuleTableLoader.parse("/etc/hosts.deny", RuleTable.Role.DENY, w.denyBytes());
    if (allow.failure() != null || allow.entries().size() != rules) {
      throw new IllegalStateException(
          "generated hosts.allow did not parse into "
              + rules
              + " rules: "
              + allow.entries().size()
              + ", "
              + allow.failure());
    }
    AccessControl indexed = AccessControl.of(allow, deny, FileMatchEnvironment.system());
    AccessControl linear = AccessControl.linear(allow, deny, FileMatchEnvironment.system());
    clients = w.clients;
    server = w.server;
    clientTexts = new String[clients.length];
    for (int i = 0; i < clients.length; i++) {
      clientTexts[i] = request(clients[i]).client().address();
    }
    guard(indexed, linear, strings);
    access =
        switch (engine) {
          case "indexed" -> indexed;
          case "linear" -> linear;
          default -> throw new IllegalArgumentException("engine: " + engine);
        };
  }

  /**
   * Indexed and linear must give the same verdict for every client; prints what the pool exercises.
   */
  private void guard(AccessControl indexed, AccessControl linear, boolean strings) {
    int allowed = 0;
    int deniedByAllow = 0;
    int deniedByDeny = 0;
    int[] lines = new int[clients.length];
    int matchedInAllow = 0;
    int quick = 0;
    for (InetSocketAddress c : clients) {
      String text = request(c).client().address();
      Verdict i = indexed.decide(strings ? stringRequest(text) : request(c));
      Verdict l = linear.decide(strings ? stringRequest(text) : request(c));
      AddressVerdict q = strings ? null : indexed.decideAddress(Workload.DAEMON, c.getAddress());
      if (q != null) {
        quick++;
        if (q.granted() != l.granted()
            || !q.ruleRef().equals(l.ruleRef())
            || q.reason() != l.reason()) {
          throw new IllegalStateException(
              "decideAddress disagrees with the linear scan for "
                  + text
                  + " ("
                  + rules
                  + " rules, "
                  + family
                  + "): "
                  + q.granted()
                  + " by "
                  + q.ruleRef()
                  + ", linear "
                  + l.granted()
                  + " by "
                  + l.ruleRef());
        }
      }
      if (i.granted() != l.granted()
          || !i.ruleRef().equals(l.ruleRef())
          || i.reason() != l.reason()) {
        throw new IllegalStateException(
            "index disagrees with the linear scan for "
                + text
                + " ("
                + rules
                + " rules, "
                + family
                + (strings ? ", string requests" : ", socket requests")
                + "): indexed "
                + i.granted()
                + " by "
                + i.ruleRef()
                + ", linear "
                + l.granted()
                + " by "
                + l.ruleRef());
      }
      if (i.table() == RuleTable.Role.ALLOW) {
        lines[matchedInAllow++] = i.rule().line();
        if (i.granted()) {
          allowed++;
        } else {
          deniedByAllow++;
        }
      } else if (i.table() == RuleTable.Role.DENY) {
        deniedByDeny++;
      }
    }
    int[] l = Arrays.copyOf(lines, matchedInAllow);
    Arrays.sort(l);
    System.out.printf(
        "%n[guard] %d rules %s, %s requests: %d clients agree (indexed = linear); hosts.allow matched %d"
            + " (granted %d, ': deny' %d; rule line p50 %d, p90 %d, max %d of %d), hosts.deny %d;"
            + " decided by address alone: %d%n",
        rules,
        family,
        strings ? "string" : "socket",
        clients.length,
        matchedInAllow,
        allowed,
        deniedByAllow,
        pct(l, 50),
        pct(l, 90),
        pct(l, 100),
        rules + 1,
        deniedByDeny,
        quick);
  }

  private static int pct(int[] sorted, int p) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[Math.min(sorted.length - 1, (int) ((long) sorted.length * p / 100))];
  }

  private Request request(InetSocketAddress client) {
    return Request.forConnection(Workload.DAEMON, client, server, HostResolver.NONE);
  }

  /** A hosts_ctl(3)-style request: the client address text given, nothing to format or look up. */
  private static Request stringRequest(String clientText) {
    return Request.ofStrings(
        Workload.DAEMON, Endpoint.ofStrings(clientText, null, -1), Endpoint.unknown(), null);
  }

  /**
   * One accepted connection, as the agent decides it: by address alone where the rules allow, else
   * a fresh request for the next client of the pool, decided.
   */
  @Benchmark
  public Object decide(Cursor cursor) {
    InetSocketAddress client = clients[cursor.next++ & (Workload.POOL - 1)];
    AddressVerdict quick = access.decideAddress(Workload.DAEMON, client.getAddress());
    return quick != null ? quick : access.decide(request(client));
  }

  /**
   * The control for {@code SampleTime}: the same choice of the next client, no decision. Its median
   * is what the timer pair around each sampled operation and the harness cost, included in every
   * median above it.
   */
  @Benchmark
  public Object baseline(Cursor cursor) {
    return clients[cursor.next++ & (Workload.POOL - 1)].getAddress();
  }

  /** One accepted connection, always decided the ordinary way: a fresh request, decided. */
  @Benchmark
  public Verdict decideRequest(Cursor cursor) {
    InetSocketAddress client = clients[cursor.next++ & (Workload.POOL - 1)];
    return access.decide(request(client));
  }

  /**
   * The same decision for a request built from the pre-formatted client address text ({@link
   * Request#ofStrings}, as {@code hosts_ctl(3)} and tcpdmatch do): no address formatting, no {@code
   * InetAddress} copies, a few small objects. Close to the cost of the decision alone; not what the
   * agent does (it has sockets, see {@link #decide}).
   */
  @Benchmark
  public Verdict decideStrings(Cursor cursor) {
    return access.decide(stringRequest(clientTexts[cursor.next++ & (Workload.POOL - 1)]));
  }
}
