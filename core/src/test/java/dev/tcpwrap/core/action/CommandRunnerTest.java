package dev.tcpwrap.core.action;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.core.options.PercentExpansion;
import dev.tcpwrap.core.request.Endpoint;
import dev.tcpwrap.core.request.Request;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** spawn with real /bin/sh children: expansion, shell safety, the bounds, the reports. */
class CommandRunnerTest {

  @TempDir Path dir;

  private final List<String> reports = Collections.synchronizedList(new ArrayList<>());
  private final List<CommandRunner> runners = new ArrayList<>();

  private CommandRunner runner(CommandLimits limits) {
    CommandRunner r = new CommandRunner(limits, reports::add);
    runners.add(r);
    return r;
  }

  @AfterEach
  void closeRunners() throws InterruptedException {
    for (CommandRunner r : runners) {
      r.close();
    }
    for (CommandRunner r : runners) {
      Await.until(Duration.ofSeconds(10), () -> r.stats().running() == 0);
    }
  }

  private static Request request(String clientAddress, String clientName) {
    return Request.ofStrings(
        "sshd",
        Endpoint.ofStrings(clientAddress, clientName, 4242),
        Endpoint.ofStrings("10.0.0.1", null, 22),
        null);
  }

  private static String read(Path f) {
    try {
      return Files.readString(f, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return "";
    }
  }

  private static boolean hasLine(Path f) {
    return read(f).endsWith("\n");
  }

  @Test
  void spawnRunsTheExpandedCommand() throws Exception {
    CommandRunner r = runner(CommandLimits.DEFAULTS);
    Path out = dir.resolve("out");
    String cmd =
        PercentExpansion.expand("echo %a %d > " + out, request("192.168.1.10", null), m -> {});

    assertThat(r.spawn(cmd)).isTrue();

    assertThat(Await.until(Duration.ofSeconds(10), () -> hasLine(out))).isTrue();
    assertThat(read(out)).isEqualTo("192.168.1.10 sshd\n");
    assertThat(Await.until(Duration.ofSeconds(10), () -> r.stats().running() == 0)).isTrue();
    assertThat(r.stats().spawned()).isEqualTo(1);
    assertThat(r.stats().dropped()).isZero();
  }

  @Test
  void spawnHasNoStdinAndItsOutputGoesNowhere() throws Exception {
    CommandRunner r = runner(CommandLimits.DEFAULTS);
    Path out = dir.resolve("out");
    // stdin is the null device: read gets end of file at once (the test would hang on a pipe)
    assertThat(
            r.spawn(
                "if read x; then echo got > "
                    + out
                    + "; else echo eof > "
                    + out
                    + "; fi; echo noise;"
                    + " echo noise >&2"))
        .isTrue();
    assertThat(Await.until(Duration.ofSeconds(10), () -> hasLine(out))).isTrue();
    assertThat(read(out)).isEqualTo("eof\n");
  }

  @Test
  void hostileNamesBecomeUnderscoresAndRunNothing() throws Exception {
    CommandRunner r = runner(CommandLimits.DEFAULTS);
    Path pwned = dir.resolve("pwned");
    Path backtick = dir.resolve("backtick");
    Path out = dir.resolve("out");
    String name = "$(touch " + pwned + ");x`touch " + backtick + "`|id&&id";
    String cmd = PercentExpansion.expand("echo %h %n > " + out, request("10.0.0.9", name), m -> {});

    assertThat(cmd).doesNotContain("$(", "`", ";", "|", "&");
    assertThat(r.spawn(cmd)).isTrue();

    assertThat(Await.until(Duration.ofSeconds(10), () -> hasLine(out))).isTrue();
    String safe = "__touch_" + pwned + "__x_touch_" + backtick + "__id__id";
    assertThat(read(out)).isEqualTo(safe + " " + safe + "\n");
    assertThat(pwned).doesNotExist();
    assertThat(backtick).doesNotExist();
  }

  @Test
  void aFloodStartsNoMoreThanTheCapAndTheCallerDoesNotWait() throws Exception {
    CommandRunner r =
        runner(new CommandLimits(4, 1000, Duration.ofMillis(500), Duration.ofMinutes(1)));
    Path log = dir.resolve("log");
    String cmd = "echo start >> " + log + "; sleep 1.5; echo end >> " + log;

    int accepted = 0;
    int maxRunning = 0;
    for (int i = 0; i < 2000; i++) {
      if (r.spawn(cmd)) {
        accepted++;
      }
      maxRunning = Math.max(maxRunning, r.stats().running());
    }
    // the loop is over while the first children still sleep: it never waited for a fork or a child
    CommandRunner.Stats afterLoop = r.stats();
    assertThat(afterLoop.running()).isEqualTo(accepted);
    assertThat(accepted).isEqualTo(4);
    assertThat(maxRunning).isLessThanOrEqualTo(4);
    assertThat(afterLoop.spawnDropped()).isEqualTo(2000 - accepted);

    assertThat(Await.until(Duration.ofSeconds(20), () -> r.stats().running() == 0)).isTrue();
    List<String> lines = Files.readAllLines(log);
    int now = 0;
    int peak = 0;
    for (String l : lines) {
      now += l.equals("start") ? 1 : -1;
      peak = Math.max(peak, now);
    }
    assertThat(lines).hasSize(2 * accepted);
    assertThat(peak).isEqualTo(4);
    assertThat(r.stats().spawned()).isEqualTo(accepted);

    // the drops are reported once, with their count and the limits
    assertThat(Await.until(Duration.ofSeconds(5), () -> !reports.isEmpty())).isTrue();
    Thread.sleep(700);
    assertThat(reports)
        .containsExactly(
            "spawn: "
                + (2000 - accepted)
                + " commands dropped in the last 0.5 s (limits: 4 running, 1000 starts/s)");

    // the slots are free again
    Path again = dir.resolve("again");
    assertThat(r.spawn("echo ok > " + again)).isTrue();
    assertThat(Await.until(Duration.ofSeconds(10), () -> hasLine(again))).isTrue();
  }

  @Test
  void concurrentCallersNeverExceedTheCapAndEverySlotComesBack() throws Exception {
    CommandRunner r =
        runner(new CommandLimits(3, 1000, Duration.ofSeconds(10), Duration.ofMinutes(1)));
    java.util.concurrent.atomic.AtomicInteger peak =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger accepted =
        new java.util.concurrent.atomic.AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      Thread th =
          new Thread(
              () -> {
                for (int i = 0; i < 250; i++) {
                  if (r.spawn("sleep 0.05")) {
                    accepted.incrementAndGet();
                  }
                  peak.accumulateAndGet(r.stats().running(), Math::max);
                  Thread.onSpinWait();
                }
              });
      threads.add(th);
      th.start();
    }
    for (Thread th : threads) {
      th.join();
    }
    assertThat(peak.get()).isBetween(1, 3);
    assertThat(Await.until(Duration.ofSeconds(20), () -> r.stats().running() == 0)).isTrue();
    CommandRunner.Stats s = r.stats();
    assertThat(s.spawned()).isEqualTo(accepted.get());
    assertThat(s.spawned() + s.spawnDropped()).isEqualTo(2000);
    assertThat(s.failed()).isZero();
  }

  @Test
  void startsPerSecondAreBounded() throws Exception {
    CommandRunner r =
        runner(new CommandLimits(100, 5, Duration.ofSeconds(10), Duration.ofMinutes(1)));
    int accepted = 0;
    for (int i = 0; i < 200; i++) {
      if (r.spawn("true")) {
        accepted++;
      }
    }
    // a full bucket: one second's worth, and hardly any refill during the loop
    assertThat(accepted).isBetween(5, 6);
    assertThat(r.stats().spawnDropped()).isEqualTo(200 - accepted);

    Thread.sleep(1100);
    int later = 0;
    for (int i = 0; i < 200; i++) {
      if (r.spawn("true")) {
        later++;
      }
    }
    assertThat(later).isBetween(5, 6);
  }

  @Test
  void dropsAreReportedAtMostOncePerInterval() throws Exception {
    CommandRunner r =
        runner(new CommandLimits(1, 1, Duration.ofMillis(400), Duration.ofMinutes(1)));
    assertThat(r.spawn("sleep 3")).isTrue();
    for (int i = 0; i < 10; i++) {
      assertThat(r.spawn("true")).isFalse();
    }
    Thread.sleep(100);
    for (int i = 0; i < 5; i++) {
      assertThat(r.spawn("true")).isFalse();
    }
    assertThat(reports).isEmpty(); // not before the interval ends
    assertThat(Await.until(Duration.ofSeconds(5), () -> !reports.isEmpty())).isTrue();
    Thread.sleep(600);
    assertThat(reports)
        .containsExactly(
            "spawn: 15 commands dropped in the last 0.4 s (limits: 1 running, 1 starts/s)");

    assertThat(r.spawn("true")).isFalse();
    assertThat(Await.until(Duration.ofSeconds(5), () -> reports.size() == 2)).isTrue();
    assertThat(reports.get(1))
        .isEqualTo("spawn: 1 command dropped in the last 0.4 s (limits: 1 running, 1 starts/s)");
    Thread.sleep(600);
    assertThat(reports).hasSize(2); // nothing dropped, nothing said
  }

  @Test
  void aCommandRunningTooLongIsDestroyedAndItsSlotFreed() throws Exception {
    CommandRunner r =
        runner(new CommandLimits(1, 100, Duration.ofMillis(200), Duration.ofMillis(300)));
    Path out = dir.resolve("out");
    assertThat(r.spawn("sleep 30 & wait; echo survived > " + out)).isTrue();
    assertThat(r.spawn("true")).isFalse();

    assertThat(Await.until(Duration.ofSeconds(10), () -> r.stats().running() == 0)).isTrue();
    assertThat(r.stats().timedOut()).isEqualTo(1);
    assertThat(r.spawn("true")).isTrue();
    assertThat(
            Await.until(
                Duration.ofSeconds(5),
                () ->
                    reports.stream()
                        .anyMatch(
                            l ->
                                l.equals(
                                    "spawn/twist: 1 command destroyed after running longer than 0.3 s in the last 0.2 s"))))
        .isTrue();
    Thread.sleep(300);
    assertThat(out).doesNotExist();
  }

  @Test
  void neverThrowsAndDropsAfterClose() {
    CommandRunner r = runner(CommandLimits.DEFAULTS);
    assertThat(r.spawn(null)).isFalse();
    r.close();
    assertThat(r.spawn("true")).isFalse();
    assertThat(r.stats().spawnDropped()).isEqualTo(2);
  }

  @Test
  void limitsAreChecked() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> CommandLimits.DEFAULTS.withMaxRunning(0))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> CommandLimits.DEFAULTS.withReportInterval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(CommandLimits.DEFAULTS)
        .isEqualTo(new CommandLimits(8, 10, Duration.ofSeconds(10), Duration.ofMinutes(10)));
    assertThat(CommandLimits.DEFAULTS.describe()).isEqualTo("8 running, 10 starts/s");
  }
}
