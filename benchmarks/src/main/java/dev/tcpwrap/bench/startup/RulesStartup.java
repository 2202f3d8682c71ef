package dev.tcpwrap.bench.startup;

import dev.tcpwrap.bench.scale.Blocklist;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Start-up with a large blocklist (issue 10, item 1): how long a JVM takes to listen, and to serve
 * its first client, with no agent, with the agent and a one-rule hosts.deny, and with the agent and
 * issue 10's 1,000,000-rule hosts.deny ({@link Blocklist}). The rules load while the application
 * starts, so "listening" should not depend on them; the first client waits for them.
 *
 * <p>Usage: {@code java -cp benchmarks/target/classes dev.tcpwrap.bench.startup.RulesStartup
 * --agent agent/target/tcpwrap.jar [--jdk /usr/lib/jvm/java-17-openjdk-amd64] [--rounds 9] [--rules
 * 1000000] [--work /tmp/tcpwrap-startup]}. The modes run interleaved, round by round; medians are
 * printed, with the minimum and maximum.
 */
public final class RulesStartup {

  private RulesStartup() {}

  public static void main(String[] a) throws Exception {
    Map<String, String> opt =
        ListenServer.options(a, "--agent", "--jdk", "--rounds", "--rules", "--work");
    Path agent = Path.of(opt.getOrDefault("--agent", "agent/target/tcpwrap.jar")).toAbsolutePath();
    String jdk = opt.getOrDefault("--jdk", "/usr/lib/jvm/java-17-openjdk-amd64");
    int rounds = Integer.parseInt(opt.getOrDefault("--rounds", "9"));
    int rules = Integer.parseInt(opt.getOrDefault("--rules", "1000000"));
    Path work =
        Files.createDirectories(Path.of(opt.getOrDefault("--work", "/tmp/tcpwrap-startup")));
    Path allow = Files.writeString(work.resolve("hosts.allow"), "");
    Path oneRule = Files.writeString(work.resolve("hosts.deny.1"), "ALL: 10.9.9.9\n");
    Path many = Blocklist.file(work, rules);
    String cp = System.getProperty("java.class.path");

    Map<String, List<String>> modes = new LinkedHashMap<>();
    modes.put("no agent", List.of());
    modes.put("agent, 1 rule", agentArgs(agent, allow, oneRule, work));
    modes.put("agent, " + rules + " rules", agentArgs(agent, allow, many, work));
    Map<String, List<long[]>> results = new LinkedHashMap<>();
    for (String m : modes.keySet()) {
      results.put(m, new ArrayList<>());
    }
    run(jdk, cp, modes.get("agent, 1 rule")); // warms the class cache and the page cache
    for (int r = 0; r < rounds; r++) {
      for (Map.Entry<String, List<String>> m : modes.entrySet()) {
        results.get(m.getKey()).add(run(jdk, cp, m.getValue()));
      }
    }
    System.out.printf("%s, %d rounds, median [min-max] ms from process start%n", jdk, rounds);
    for (Map.Entry<String, List<long[]>> e : results.entrySet()) {
      System.out.printf(
          "  %-22s listening %s   first client served %s%n",
          e.getKey(), stats(e.getValue(), 0), stats(e.getValue(), 1));
    }
  }

  private static List<String> agentArgs(Path agent, Path allow, Path deny, Path work) {
    return List.of(
        "-Dtcpwrap.cache=" + work.resolve("cache"),
        "-javaagent:" + agent + "=daemon=startup,allow=" + allow + ",deny=" + deny);
  }

  // {ms to READY, ms to the first client's answer}
  private static long[] run(String jdk, String cp, List<String> jvmArgs) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(jdk + "/bin/java");
    cmd.addAll(jvmArgs);
    cmd.addAll(List.of("-cp", cp, ListenServer.class.getName()));
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
      int port = ListenServer.awaitReady(out);
      long ready = System.nanoTime();
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 60_000);
        s.setSoTimeout(120_000);
        s.getInputStream().read(); // OK, or the end of a refused connection
      }
      long served = System.nanoTime();
      return new long[] {
        TimeUnit.NANOSECONDS.toMillis(ready - t0), TimeUnit.NANOSECONDS.toMillis(served - t0)
      };
    } finally {
      p.destroyForcibly().waitFor();
    }
  }

  private static String stats(List<long[]> runs, int k) {
    long[] v = runs.stream().mapToLong(r -> r[k]).sorted().toArray();
    return String.format("%5d [%d-%d]", v[v.length / 2], v[0], v[v.length - 1]);
  }
}
