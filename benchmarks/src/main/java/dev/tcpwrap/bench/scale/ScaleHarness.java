package dev.tcpwrap.bench.scale;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.tcpwrap.core.access.AccessControl;
import dev.tcpwrap.core.access.AddressVerdict;
import dev.tcpwrap.core.access.FileMatchEnvironment;
import dev.tcpwrap.core.rules.RuleTable;
import dev.tcpwrap.core.rules.RuleTableLoader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.ref.Reference;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Issue 10's blocklist figures for one rule file, each measured in a JVM of its own: load time
 * (read, parse, index and prepare the daemon view), retained heap per rule after a full GC, the
 * live peak while loading (the most heap in use after any GC during the load) and the heap in use
 * before those GCs (garbage included).
 *
 * <pre>
 * java -cp benchmarks/target/classes:core/target/classes dev.tcpwrap.bench.scale.ScaleHarness \
 *     [--rules 1000000] [--file benchmarks/results/scale/hosts.deny] [--loads 6]
 * </pre>
 *
 * Decision latency is JMH's ({@code ScaleDecisionBenchmark}); libwrap's time per decision is {@code
 * benchmarks/scale/libwrap_time.c}.
 */
public final class ScaleHarness {

  private ScaleHarness() {}

  public static void main(String[] args) throws Exception {
    int rules = 1_000_000;
    Path file = Path.of("benchmarks/results/scale/hosts.deny"); // .RULES is appended
    int loads = 6;
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--rules" -> rules = Integer.parseInt(args[i + 1]);
        case "--file" -> file = Path.of(args[i + 1]);
        case "--loads" -> loads = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path named = Blocklist.file(file.toAbsolutePath().getParent(), rules);
    System.out.printf(
        "file %s: %d rules, %d bytes, seed %d%n", named, rules, Files.size(named), Blocklist.SEED);
    load(named, rules, loads);
  }

  private static void load(Path file, int rules, int loads) throws Exception {
    long before = usedAfterFullGc();
    AtomicLong peakLive = new AtomicLong(before);
    AtomicLong peakUsed = new AtomicLong(before);
    List<Runnable> stop = watchGcs(peakLive, peakUsed);
    long t0 = System.nanoTime();
    AccessControl ac = loadOnce(file);
    long t1 = System.nanoTime();
    stop.forEach(Runnable::run);
    long after = usedAfterFullGc();
    Reference.reachabilityFence(ac);
    long retained = after - before;
    System.out.printf(
        "first load (cold JVM): %.0f ms%n"
            + "retained heap: %.1f MB, %.1f bytes per rule (after a full GC)%n"
            + "live peak while loading (most in use after a GC during the load): %.1f MB (%.2f x retained)%n"
            + "in use before those GCs (garbage included): %.1f MB%n",
        (t1 - t0) / 1e6,
        retained / 1e6,
        (double) retained / rules,
        (peakLive.get() - before) / 1e6,
        (double) (peakLive.get() - before) / retained,
        (peakUsed.get() - before) / 1e6);
    checkAnswers(ac);
    ac = null;
    double[] ms = new double[loads];
    double[][] phases = new double[3][loads];
    for (int i = 0; i < loads; i++) {
      usedAfterFullGc();
      long s = System.nanoTime();
      RuleTable d = RuleTableLoader.load(file, RuleTable.Role.DENY);
      long parsed = System.nanoTime();
      AccessControl again =
          AccessControl.of(
              RuleTableLoader.parse("hosts.allow", RuleTable.Role.ALLOW, new byte[0]),
              d,
              FileMatchEnvironment.system());
      long indexed = System.nanoTime();
      again.prepare("sshd");
      long prepared = System.nanoTime();
      ms[i] = (prepared - s) / 1e6;
      phases[0][i] = (parsed - s) / 1e6;
      phases[1][i] = (indexed - parsed) / 1e6;
      phases[2][i] = (prepared - indexed) / 1e6;
      Reference.reachabilityFence(again);
    }
    System.out.printf(
        "later loads (same JVM, after a full GC each): median %.0f ms (read+parse %.0f, index %.0f,"
            + " daemon view %.0f), best %.0f ms, all %s%n",
        median(ms),
        median(phases[0]),
        median(phases[1]),
        median(phases[2]),
        Arrays.stream(ms).min().orElse(0),
        Arrays.toString(Arrays.stream(ms).mapToLong(Math::round).toArray()));
  }

  private static double median(double[] v) {
    double[] c = v.clone();
    Arrays.sort(c);
    return c[c.length / 2];
  }

  /** What the agent does for a new rule set: read, parse, index, prepare the daemon's view. */
  static AccessControl loadOnce(Path deny) {
    RuleTable d = RuleTableLoader.load(deny, RuleTable.Role.DENY);
    RuleTable a = RuleTableLoader.parse("hosts.allow", RuleTable.Role.ALLOW, new byte[0]);
    AccessControl ac = AccessControl.of(a, d, FileMatchEnvironment.system());
    ac.prepare("sshd");
    return ac;
  }

  /** A sanity check that the rules loaded are in force (a wrong figure is worse than none). */
  private static void checkAnswers(AccessControl ac) throws Exception {
    AddressVerdict v = ac.decideAddress("sshd", InetAddress.getByName("198.18.0.1"));
    if (v == null || !v.granted()) {
      throw new AssertionError("198.18.0.1 is in no rule, must be granted: " + v);
    }
  }

  private static long usedAfterFullGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Records the heap in use after and before every GC until the returned actions run. */
  private static List<Runnable> watchGcs(AtomicLong live, AtomicLong used) {
    List<Runnable> stop = new ArrayList<>();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      NotificationEmitter e = (NotificationEmitter) gc;
      javax.management.NotificationListener l =
          (n, h) -> {
            if (!n.getType()
                .equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
              return;
            }
            GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
            live.accumulateAndGet(
                sum(info.getGcInfo().getMemoryUsageAfterGc().values()), Math::max);
            used.accumulateAndGet(
                sum(info.getGcInfo().getMemoryUsageBeforeGc().values()), Math::max);
          };
      e.addNotificationListener(l, null, null);
      stop.add(
          () -> {
            try {
              e.removeNotificationListener(l);
            } catch (Exception ignored) {
              // nothing to stop
            }
          });
    }
    return stop;
  }

  private static long sum(java.util.Collection<MemoryUsage> pools) {
    long s = 0;
    for (MemoryUsage u : pools) {
      s += u.getUsed();
    }
    return s;
  }
}
