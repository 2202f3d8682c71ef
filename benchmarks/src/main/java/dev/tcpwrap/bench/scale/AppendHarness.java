package dev.tcpwrap.bench.scale;

import static dev.tcpwrap.bench.scale.Figures.check;
import static dev.tcpwrap.bench.scale.Figures.max;
import static dev.tcpwrap.bench.scale.Figures.median;
import static dev.tcpwrap.bench.scale.Figures.min;

import dev.tcpwrap.core.reload.RuleFiles;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

/**
 * Issue 10, item 4: what one appended line (a ban) costs at a million rules. A copy of the
 * blocklist ({@link Blocklist}) is loaded as hosts.deny by {@link RuleFiles} (daemon view for
 * {@code sshd} prepared, no linter); then, {@code --bans} times, one line {@code ALL: 240.0.x.y} is
 * appended and taken by {@link RuleFiles#checkNow()}: the CPU of the whole process during that call
 * (the reading thread, the JIT and the GC included) and of the checking thread, and its wall time
 * once the file is quiet. Then the time from the write to the ban in force with the watching thread
 * (default interval), and a full reload (the first line rewritten) for comparison.
 *
 * <pre>
 * java -Xmx1g -cp benchmarks/target/classes:core/target/classes dev.tcpwrap.bench.scale.AppendHarness \
 *     [--rules 1000000] [--bans 20]
 * </pre>
 */
public final class AppendHarness {

  private AppendHarness() {}

  public static void main(String[] args) throws Exception {
    int rules = 1_000_000;
    int bans = 20;
    Path dir = Path.of("benchmarks/results/scale");
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--rules" -> rules = Integer.parseInt(args[i + 1]);
        case "--bans" -> bans = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path source = Blocklist.file(dir.toAbsolutePath(), rules);
    Path work = Files.createTempDirectory("tcpwrap-append");
    Path deny = work.resolve("hosts.deny");
    Files.copy(source, deny, StandardCopyOption.REPLACE_EXISTING);
    Path allow = work.resolve("hosts.allow");
    System.out.printf("file %s: %d rules, %d bytes%n", source, rules, Files.size(deny));
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long t0 = System.nanoTime();
    RuleFiles files = new RuleFiles(allow, deny, Duration.ofMillis(250), l -> {}, t -> List.of());
    files.prepareFor(List.of("sshd"));
    files.reportLoaded();
    System.out.printf("first load: %.0f ms%n", (System.nanoTime() - t0) / 1e6);
    double[] process = new double[bans];
    double[] thread = new double[bans];
    double[] wall = new double[bans];
    for (int k = 0; k < bans; k++) {
      InetAddress banned = InetAddress.getByName("240.0." + (k >> 8) + "." + (1 + (k & 0xff)));
      check(files.current().decideAddress("sshd", banned).granted(), "not banned before");
      append(deny, "ALL: " + banned.getHostAddress() + "\n");
      Thread.sleep(150); // quiet: RuleFiles takes a file 100 ms after its last write
      long p0 = os.getProcessCpuTime();
      long c0 = threads.getCurrentThreadCpuTime();
      long w0 = System.nanoTime();
      check(files.checkNow(), "reloaded");
      wall[k] = (System.nanoTime() - w0) / 1e6;
      thread[k] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
      process[k] = (os.getProcessCpuTime() - p0) / 1e6;
      check(!files.current().decideAddress("sshd", banned).granted(), "banned after");
    }
    System.out.printf(
        "one appended ban, checkNow() (%d bans): process CPU median %.1f ms (min %.1f, max %.1f);"
            + " checking thread CPU median %.1f ms; wall median %.1f ms%n",
        bans, median(process), min(process), max(process), median(thread), median(wall));
    files.start();
    double[] effect = new double[5];
    for (int k = 0; k < effect.length; k++) {
      InetAddress banned = InetAddress.getByName("240.1.0." + (1 + k));
      long w0 = System.nanoTime();
      append(deny, "ALL: " + banned.getHostAddress() + "\n");
      while (files.current().decideAddress("sshd", banned).granted()) {
        Thread.sleep(1);
      }
      effect[k] = (System.nanoTime() - w0) / 1e6;
      Thread.sleep(300);
    }
    System.out.printf(
        "append to effect with the watching thread (interval 250 ms, settle 100 ms): median %.0f ms,"
            + " max %.0f ms%n",
        median(effect), max(effect));
    files.close();
    RuleFiles full = new RuleFiles(allow, deny, Duration.ofMillis(250), l -> {}, t -> List.of());
    full.prepareFor(List.of("sshd"));
    full.reportLoaded();
    long[] swapAt = new long[1];
    full.beforeSwap(c -> swapAt[0] = System.nanoTime());
    byte[] all = Files.readAllBytes(deny);
    all[5] = all[5] == '9' ? (byte) '8' : (byte) '9'; // a digit of the first address
    Files.write(deny, all); // in place, the same length: a full reload
    Thread.sleep(150);
    long p0 = os.getProcessCpuTime();
    long w0 = System.nanoTime();
    check(full.checkNow(), "reloaded");
    long w1 = System.nanoTime();
    System.out.printf(
        "full reload (first line rewritten): new rules in force after %.0f ms; with the report of"
            + " what changed %.0f ms wall, process CPU %.0f ms%n",
        (swapAt[0] - w0) / 1e6, (w1 - w0) / 1e6, (os.getProcessCpuTime() - p0) / 1e6);
    Files.delete(deny);
    Files.deleteIfExists(allow);
    Files.delete(work);
  }

  private static void append(Path p, String line) throws Exception {
    Files.write(p, line.getBytes(StandardCharsets.ISO_8859_1), StandardOpenOption.APPEND);
  }
}
