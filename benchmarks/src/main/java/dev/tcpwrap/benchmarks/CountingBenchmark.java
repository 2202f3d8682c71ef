package dev.tcpwrap.benchmarks;

import dev.tcpwrap.agent.jfr.Flight;
import dev.tcpwrap.agent.metrics.CoarseClock;
import dev.tcpwrap.agent.metrics.RuleHits;
import dev.tcpwrap.core.access.AccessControl;
import dev.tcpwrap.core.access.AddressVerdict;
import dev.tcpwrap.core.access.FileMatchEnvironment;
import dev.tcpwrap.core.rules.RuleTable;
import dev.tcpwrap.core.rules.RuleTableLoader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the agent's counting adds to one decision (issue 11): the same address-only decision as
 * {@link DecisionBenchmark#decide} ({@link Workload}, 1,000 or 100,000 hosts.allow rules, client
 * pool of 1,024), alone ({@link #decide}) and with what {@code ConnectionFilter} does around it for
 * every connection ({@link #decideAndCount}: the {@code checked} counter and the per-rule count in
 * {@link RuleHits}, its time from {@link CoarseClock}), and with the flight recorder check as well
 * ({@link #decideCountAndJfr}: {@link Flight#timing()}, which with no recording running must cost
 * nothing measurable). {@link #jfrCheck} is the flight recorder check alone. Run with {@code -t 1}
 * and {@code -t 4} (acceptor threads counting into the same counters).
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CountingBenchmark {

  @Param({"1000", "100000"})
  public int rules;

  @Param({"ipv4"})
  public String family;

  private AccessControl access;
  private InetAddress[] clients;
  private final RuleHits hits = new RuleHits();
  private final LongAdder checked = new LongAdder();

  /** The position in the client pool, per benchmark thread. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;

    InetAddress next(InetAddress[] pool) {
      InetAddress a = pool[next];
      next = (next + 1) & (pool.length - 1);
      return a;
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    Workload w = Workload.of(rules, family);
    RuleTable allow =
        RuleTableLoader.parse("/etc/hosts.allow", RuleTable.Role.ALLOW, w.allowBytes());
    RuleTable deny = RuleTableLoader.parse("/etc/hosts.deny", RuleTable.Role.DENY, w.denyBytes());
    access = AccessControl.of(allow, deny, FileMatchEnvironment.system());
    access.prepare(Workload.DAEMON);
    hits.prepare(access);
    clients = new InetAddress[w.clients.length];
    int i = 0;
    for (InetSocketAddress c : w.clients) {
      clients[i++] = c.getAddress();
    }
    for (InetAddress c : clients) {
      if (access.decideAddress(Workload.DAEMON, c) == null) {
        throw new IllegalStateException("the workload must decide by address: " + c);
      }
    }
  }

  /** The decision alone. */
  @Benchmark
  public AddressVerdict decide(Cursor cursor) {
    return access.decideAddress(Workload.DAEMON, cursor.next(clients));
  }

  /**
   * The decision and the agent's counting of it, with the hit's time from {@link CoarseClock} as in
   * the filter.
   */
  @Benchmark
  public AddressVerdict decideAndCount(Cursor cursor) {
    AddressVerdict v = access.decideAddress(Workload.DAEMON, cursor.next(clients));
    checked.increment();
    hits.hit(v.line() == 0 ? null : v.table(), v.line(), CoarseClock.millis());
    return v;
  }

  /** A clock read alone: what {@link CoarseClock} saves per connection. */
  @Benchmark
  public long clock() {
    return System.currentTimeMillis();
  }

  /** The decision, the counting, and the flight recorder's check (no recording running). */
  @Benchmark
  public AddressVerdict decideCountAndJfr(Cursor cursor) {
    long t0 = Flight.timing() ? System.nanoTime() : 0L;
    AddressVerdict v = access.decideAddress(Workload.DAEMON, cursor.next(clients));
    checked.increment();
    hits.hit(v.line() == 0 ? null : v.table(), v.line(), CoarseClock.millis());
    if (t0 != 0L) {
      Flight.decided(Workload.DAEMON, "-", v.file(), v.line(), v.ruleRef(), "allowed", 0);
    }
    return v;
  }

  /** The flight recorder's check alone. */
  @Benchmark
  public boolean jfrCheck() {
    return Flight.timing();
  }
}
