package dev.tcpwrap.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.it.agent.harness.AgentProcess;
import dev.tcpwrap.it.agent.harness.Jdk;
import dev.tcpwrap.it.agent.harness.Probe;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak test (opt-in: {@code mvn -Psoak ...}, never in the test command): a million refused and
 * a million allowed connections against the real agent while hosts.deny is replaced every second.
 * Descriptors, threads and heap must stay flat, every refusal must be logged, and no decision may
 * be wrong. Counts: {@code -Dtcpwrap.soak.connections=N} per kind (default 1,000,000). Prints a
 * sample line every 10 s and a summary, for RELIABILITY.md.
 */
@Tag("soak")
class SoakTest {

  @TempDir Path dir;

  private record Sample(
      long seconds, long served, long refused, long fds, long threads, long heapKb) {
    @Override
    public String toString() {
      return String.format(
          "t=%4ds allowed=%,9d refused=%,9d fds=%4d threads=%4d live-heap=%,7d KB",
          seconds, served, refused, fds, threads, heapKb);
    }
  }

  @Test
  void aMillionEachWithAReloadEverySecond() throws Exception {
    long perKind = Long.getLong("tcpwrap.soak.connections", 1_000_000);
    Jdk jdk = Jdk.all().get(0);
    Path allow = Files.writeString(dir.resolve("hosts.allow"), "");
    Path deny = Files.writeString(dir.resolve("hosts.deny"), "ALL: 127.0.0.2\n");
    Path log = dir.resolve("agent.log");
    AtomicLong served = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    AtomicLong wrong = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    List<Sample> samples = new ArrayList<>();
    try (AgentProcess p =
        AgentProcess.builder(jdk, HoldingServer.class)
            .agentArgs("daemon=soak,log=" + log + ",allow=" + allow + ",deny=" + deny)
            .jvmArgs("-Xmx256m")
            .start()) {
      int port = p.port();
      List<Thread> threads = new ArrayList<>();
      // an allowed connection costs the server a thread and an exchange: three clients to one
      for (int i = 0; i < 3; i++) {
        threads.add(client(() -> allowedOnce(port, served, wrong), served, perKind, stop));
      }
      threads.add(client(() -> refusedOnce(port, refused, wrong), refused, perKind, stop));
      Thread reloader = reloader(deny, stop);
      threads.forEach(Thread::start);
      reloader.start();
      long t0 = System.nanoTime();
      samples.add(sample(p, t0, served, refused));
      while (threads.stream().anyMatch(Thread::isAlive)) {
        for (int i = 0; i < 100 && threads.stream().anyMatch(Thread::isAlive); i++) {
          Thread.sleep(100);
        }
        Sample s = sample(p, t0, served, refused);
        samples.add(s);
        System.out.println("soak " + s);
      }
      stop.set(true);
      reloader.join();
      Thread.sleep(1_000); // the last log lines
      Sample end = sample(p, t0, served, refused);
      samples.add(end);
      System.out.println("soak end " + end + " wrong=" + wrong.get());

      long loggedRefusals = count(log, "soak[" + p.pid() + "]: refused connect from 127.0.0.2");
      long reloads = count(log, "reloaded " + deny);
      System.out.println("soak logged refusals=" + loggedRefusals + " reloads=" + reloads);
      assertThat(wrong).as("wrong decisions").hasValue(0);
      assertThat(served.get()).isGreaterThanOrEqualTo(perKind);
      assertThat(refused.get()).isGreaterThanOrEqualTo(perKind);
      assertThat(loggedRefusals).as("every refusal logged").isEqualTo(refused.get());
      assertThat(reloads).as("a reload about every second").isGreaterThan(end.seconds() / 2);
      // flat: the second half never above the first sample after warm-up by more than noise
      Sample warm = samples.get(Math.min(1, samples.size() - 1));
      for (Sample s : samples.subList(samples.size() / 2, samples.size())) {
        assertThat(s.fds()).as("descriptors %s", s).isLessThanOrEqualTo(warm.fds() + 20);
        assertThat(s.threads()).as("threads %s", s).isLessThanOrEqualTo(warm.threads() + 20);
        assertThat(s.heapKb()).as("heap %s", s).isLessThanOrEqualTo(warm.heapKb() * 3 / 2 + 8192);
      }
    }
  }

  private interface Once {
    void run() throws IOException;
  }

  private static Thread client(Once once, AtomicLong done, long target, AtomicBoolean stop) {
    Thread t =
        new Thread(
            () -> {
              while (done.get() < target && !stop.get()) {
                try {
                  once.run();
                } catch (IOException e) {
                  // counted by the caller as neither served nor refused; retried
                }
              }
            });
    t.setDaemon(true);
    return t;
  }

  private static void allowedOnce(int port, AtomicLong served, AtomicLong wrong)
      throws IOException {
    try (Socket s = Probe.connect("127.0.0.1", port, 10_000)) {
      s.getOutputStream().write("x\n".getBytes(StandardCharsets.US_ASCII));
      byte[] got = s.getInputStream().readNBytes("HELLO 127.0.0.1\n".length());
      if (new String(got, StandardCharsets.US_ASCII).equals("HELLO 127.0.0.1\n")) {
        served.incrementAndGet();
      } else {
        wrong.incrementAndGet();
      }
    }
  }

  private static void refusedOnce(int port, AtomicLong refused, AtomicLong wrong)
      throws IOException {
    try (Socket s = Probe.connect("127.0.0.2", port, 10_000)) {
      try {
        s.getOutputStream().write("x\n".getBytes(StandardCharsets.US_ASCII));
      } catch (IOException e) {
        // already closed by the agent: as it should be
      }
      int b;
      try {
        b = s.getInputStream().read();
      } catch (IOException e) {
        b = -1; // reset by the agent's close
      }
      if (b < 0) {
        refused.incrementAndGet();
      } else {
        wrong.incrementAndGet();
      }
    }
  }

  // replaces hosts.deny by rename every second: the same refusal, a new comment each time
  private static Thread reloader(Path deny, AtomicBoolean stop) {
    Thread t =
        new Thread(
            () -> {
              for (long n = 0; !stop.get(); n++) {
                try {
                  Path tmp = deny.resolveSibling("hosts.deny.tmp");
                  Files.writeString(tmp, "ALL: 127.0.0.2\n# version " + n + "\n");
                  Files.move(
                      tmp,
                      deny,
                      StandardCopyOption.REPLACE_EXISTING,
                      StandardCopyOption.ATOMIC_MOVE);
                  Thread.sleep(1_000);
                } catch (Exception e) {
                  return;
                }
              }
            });
    t.setDaemon(true);
    return t;
  }

  private static Sample sample(AgentProcess p, long t0, AtomicLong served, AtomicLong refused)
      throws Exception {
    long threads = 0;
    for (String l : Files.readAllLines(Path.of("/proc/" + p.pid() + "/status"))) {
      if (l.startsWith("Threads:")) {
        threads = Long.parseLong(l.substring(8).trim());
      }
    }
    return new Sample(
        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0),
        served.get(),
        refused.get(),
        p.openFds(),
        threads,
        heapAfterGcKb(p.pid()));
  }

  // the live heap, atomically: GC.class_histogram runs a full GC first and totals what survived
  private static long heapAfterGcKb(long pid) throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    String histogram = run(jcmd.toString(), Long.toString(pid), "GC.class_histogram");
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)").matcher(histogram);
    return m.find() ? Long.parseLong(m.group(1)) / 1024 : -1;
  }

  private static String run(String... cmd) throws Exception {
    Process pr = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(pr.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    pr.waitFor(30, TimeUnit.SECONDS);
    return out;
  }

  private static long count(Path file, String needle) throws IOException {
    long n = 0;
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
      String l;
      while ((l = r.readLine()) != null) {
        if (l.contains(needle)) {
          n++;
        }
      }
    }
    return n;
  }
}
