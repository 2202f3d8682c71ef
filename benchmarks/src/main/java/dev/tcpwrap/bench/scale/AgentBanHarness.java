package dev.tcpwrap.bench.scale;

import static dev.tcpwrap.bench.scale.Figures.check;
import static dev.tcpwrap.bench.scale.Figures.max;
import static dev.tcpwrap.bench.scale.Figures.median;
import static dev.tcpwrap.bench.scale.Figures.min;

import dev.tcpwrap.bench.startup.ListenServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * Issue 10's appended ban, end to end in the agent: a {@link ListenServer} runs under the real
 * {@code tcpwrap.jar} with a copy of the 1,000,000-rule blocklist ({@link Blocklist}) as
 * hosts.deny; then, {@code --bans} times, one line {@code ALL: 127.1.x.y} is appended in one {@code
 * write} (as fail2ban's {@code >>} does) and a client bound to 127.1.x.y connects every {@code
 * --probe-ms} until it is refused. Printed: the time from the write to the first refused probe
 * (median, min, max) and the server's CPU time per ban (from {@code /proc/PID/stat}, in the
 * kernel's 10 ms ticks). Every probe before the write must be served, so a ban in force early (or
 * an address refused for another reason) fails the run. The first ban is written {@code
 * --settle-ms} after the rules came in force: the agent's start-up report of the rules (the linter
 * over every rule, seconds of CPU) runs meanwhile beside the reloading thread, and {@code
 * --settle-ms 0} shows a ban written while it does.
 *
 * <pre>
 * java -cp benchmarks/target/classes dev.tcpwrap.bench.scale.AgentBanHarness \
 *     --agent agent/target/tcpwrap.jar [--jdk /usr/lib/jvm/java-17-openjdk-amd64] [--rules 1000000] \
 *     [--bans 20] [--probe-ms 10] [--settle-ms 6000]
 * </pre>
 */
public final class AgentBanHarness {

  private AgentBanHarness() {}

  public static void main(String[] a) throws Exception {
    Map<String, String> opt =
        ListenServer.options(
            a, "--agent", "--jdk", "--rules", "--bans", "--probe-ms", "--settle-ms");
    Path agent = Path.of(opt.getOrDefault("--agent", "agent/target/tcpwrap.jar")).toAbsolutePath();
    String jdk = opt.getOrDefault("--jdk", "/usr/lib/jvm/java-17-openjdk-amd64");
    int rules = Integer.parseInt(opt.getOrDefault("--rules", "1000000"));
    int bans = Integer.parseInt(opt.getOrDefault("--bans", "20"));
    long probeMillis = Long.parseLong(opt.getOrDefault("--probe-ms", "10"));
    long settleMillis = Long.parseLong(opt.getOrDefault("--settle-ms", "6000"));
    Path source = Blocklist.file(Path.of("benchmarks/results/scale").toAbsolutePath(), rules);
    Path work = Files.createTempDirectory("tcpwrap-ban");
    Path deny = work.resolve("hosts.deny");
    Files.copy(source, deny, StandardCopyOption.REPLACE_EXISTING);
    Path allow = Files.writeString(work.resolve("hosts.allow"), "");
    List<String> cmd =
        List.of(
            jdk + "/bin/java",
            "-Dtcpwrap.cache=" + work.resolve("cache"),
            "-javaagent:" + agent + "=daemon=sshd,allow=" + allow + ",deny=" + deny,
            "-cp",
            System.getProperty("java.class.path"),
            ListenServer.class.getName());
    Process p = new ProcessBuilder(cmd).redirectError(work.resolve("server.err").toFile()).start();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
      int port = ListenServer.awaitReady(out); // else see server.err in the work directory
      long t0 = System.nanoTime();
      check(served(InetAddress.getByName("127.0.0.1"), port, 120_000), "first client served");
      System.out.printf(
          "%s, %d rules (%d bytes): rules in force %.0f ms after listening%n",
          jdk, rules, Files.size(deny), (System.nanoTime() - t0) / 1e6);
      Thread.sleep(settleMillis); // the start-up lint report (on the reloading thread) and the JIT
      double[] inForce = new double[bans];
      double[] cpu = new double[bans];
      int probesServed = 0;
      for (int k = 0; k < bans; k++) {
        InetAddress banned = InetAddress.getByName("127.1." + (k >> 8) + "." + (1 + (k & 0xff)));
        check(served(banned, port, 5_000), banned + " served before its ban");
        long cpu0 = cpuTicks(p.pid());
        Files.writeString(
            deny, "ALL: " + banned.getHostAddress() + "\n", StandardOpenOption.APPEND);
        long w = System.nanoTime();
        while (served(banned, port, 5_000)) {
          probesServed++;
          check(System.nanoTime() - w < 10_000_000_000L, banned + " refused within 10 s");
          Thread.sleep(probeMillis);
        }
        inForce[k] = (System.nanoTime() - w) / 1e6;
        Thread.sleep(300); // past the next look, so the CPU of this ban's reload is all counted
        cpu[k] = (cpuTicks(p.pid()) - cpu0) * 10.0;
        System.out.printf(
            "  ban %d: in force after %.0f ms, CPU %.0f ms%n", k + 1, inForce[k], cpu[k]);
      }
      System.out.printf(
          "one appended ban (%d bans, probe every %d ms, %d probes served before a refusal):"
              + " in force after median %.0f ms (min %.0f, max %.0f); server CPU per ban median"
              + " %.0f ms (min %.0f, max %.0f; 10 ms ticks, over the time to effect + 300 ms,"
              + " probes included)%n",
          bans,
          probeMillis,
          probesServed,
          median(inForce),
          min(inForce),
          max(inForce),
          median(cpu),
          min(cpu),
          max(cpu));
    } finally {
      p.destroyForcibly().waitFor();
    }
  }

  // a connection from `from`: true if the server's OK came, false if it was refused (no byte)
  private static boolean served(InetAddress from, int port, int timeoutMillis) throws IOException {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(from, 0));
      s.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
      s.setSoTimeout(timeoutMillis);
      InputStream in = s.getInputStream();
      try {
        return in.read() == 'O';
      } catch (SocketException reset) {
        return false;
      }
    }
  }

  // utime + stime of the process, in clock ticks (USER_HZ, 100 on Linux)
  private static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }
}
