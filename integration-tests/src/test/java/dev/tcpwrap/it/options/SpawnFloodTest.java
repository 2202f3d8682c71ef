package dev.tcpwrap.it.options;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.it.agent.harness.AgentProcess;
import dev.tcpwrap.it.agent.harness.HostsFiles;
import dev.tcpwrap.it.agent.harness.Jdk;
import dev.tcpwrap.it.agent.servers.JdkServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's DoS warning ("this can cause a DoS attack ... if too many connects were made in short
 * time"): 10,000 refused connections that each match a slow {@code spawn} rule. The children never
 * exceed {@code spawn-max} at once, no more start than {@code spawn-rate} allows, the rest are
 * dropped and reported, and the accept loop keeps serving permitted clients all along.
 */
class SpawnFloodTest {

  private static final int FLOOD = 10_000;
  private static final int CLIENT_THREADS = 8;
  private static final int MAX = 4;
  private static final int RATE = 20;

  @TempDir Path dir;

  @Test
  void aFloodOfSpawnsStaysWithinTheBounds() throws Exception {
    Path marks = dir.resolve("marks.txt");
    // each child appends a start and an end mark with a nanosecond time stamp; %% is a literal %
    HostsFiles files =
        HostsFiles.write(
            dir,
            "",
            "ALL: 127.0.0.2: spawn echo s $(date +%%s%%N) >> "
                + marks
                + "; sleep 0.5; echo e $(date +%%s%%N) >> "
                + marks
                + "\n");
    Jdk jdk = RuleOptionsTest.java17();
    try (AgentProcess p =
        AgentProcess.builder(jdk, JdkServer.class)
            .agentArgs(
                "daemon=flood," + files.agentArgs() + ",spawn-max=" + MAX + ",spawn-rate=" + RATE)
            .args("PLAIN")
            .start()) {
      ExecutorService pool = Executors.newFixedThreadPool(CLIENT_THREADS + 1);
      AtomicBoolean flooding = new AtomicBoolean(true);
      AtomicInteger served = new AtomicInteger();
      List<String> unserved = new ArrayList<>();
      long t0 = System.nanoTime();
      Future<?> allowed =
          pool.submit(
              () -> {
                while (flooding.get()) {
                  try {
                    String got = Client.exchange("127.0.0.1", p.port(), "PING\n");
                    if (got.equals("HELLO 127.0.0.1\n")) {
                      served.incrementAndGet();
                    } else {
                      synchronized (unserved) {
                        unserved.add(got);
                      }
                    }
                    Thread.sleep(20);
                  } catch (Exception e) {
                    synchronized (unserved) {
                      unserved.add(String.valueOf(e));
                    }
                  }
                }
                return null;
              });
      List<Future<Integer>> flood = new ArrayList<>();
      for (int t = 0; t < CLIENT_THREADS; t++) {
        flood.add(
            pool.submit(
                () -> {
                  int gotBytes = 0;
                  for (int i = 0; i < FLOOD / CLIENT_THREADS; i++) {
                    String got = Client.exchange("127.0.0.2", p.port(), null);
                    if (!got.isEmpty() && !got.equals("<RESET>")) {
                      gotBytes++;
                    }
                  }
                  return gotBytes;
                }));
      }
      for (Future<Integer> f : flood) {
        assertThat(f.get()).as("refused clients that got bytes").isZero();
      }
      double floodSeconds = (System.nanoTime() - t0) / 1e9;
      flooding.set(false);
      allowed.get();
      pool.shutdown();

      assertThat(unserved).as("permitted clients not served during the flood").isEmpty();
      assertThat(served.get()).as("permitted clients served during the flood").isPositive();
      p.awaitStderr(
          l ->
              l.matches(
                  "tcpwrap\\[\\d+\\]: warning: spawn: \\d+ commands dropped in the last 10 s"
                      + " \\(limits: "
                      + MAX
                      + " running, "
                      + RATE
                      + " starts/s\\)"),
          Duration.ofSeconds(25));

      Thread.sleep(1500); // the last children end
      List<String> lines = Files.readAllLines(marks);
      List<long[]> events = new ArrayList<>();
      for (String l : lines) {
        String[] f = l.split(" ");
        events.add(new long[] {Long.parseLong(f[1]), f[0].equals("s") ? 1 : -1});
      }
      events.sort(
          (a, b) ->
              a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1])); // ends first
      int running = 0;
      int most = 0;
      int starts = 0;
      for (long[] e : events) {
        running += (int) e[1];
        most = Math.max(most, running);
        starts += e[1] > 0 ? 1 : 0;
      }
      double seconds = floodSeconds + 1.5;
      System.out.printf(
          "flood: %d refused in %.1f s, %d children started, at most %d at once, %d permitted served%n",
          FLOOD, floodSeconds, starts, most, served.get());
      assertThat(most).as("children running at once").isLessThanOrEqualTo(MAX).isPositive();
      assertThat(starts).as("children started").isLessThanOrEqualTo((int) (RATE + RATE * seconds));
      assertThat(starts).as("children started").isLessThan(FLOOD / 10);
    }
  }
}
