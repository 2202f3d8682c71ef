package dev.tcpwrap.core.action;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The report lines of a {@link CommandRunner}: commands dropped, not started or destroyed, counted
 * per window and told at most once per {@link CommandLimits#reportInterval()} (one line of each
 * kind), so that a flood of refused connections cannot flood the log either. The window opens at
 * its first event and is told one interval later, on the runner's timer.
 */
final class CommandReport {

  private final AtomicLong windowSpawnDropped = new AtomicLong();
  private final AtomicLong windowTwistDropped = new AtomicLong();
  private final AtomicLong windowFailed = new AtomicLong();
  private final AtomicLong windowTimedOut = new AtomicLong();
  private final AtomicReference<String> windowFailure = new AtomicReference<>();
  private final AtomicBoolean reportPending = new AtomicBoolean();

  private final CommandLimits limits;
  private final Consumer<String> report;
  private final ScheduledExecutorService timer;

  CommandReport(CommandLimits limits, Consumer<String> report, ScheduledExecutorService timer) {
    this.limits = limits;
    this.report = report;
    this.timer = timer;
  }

  /** A spawn command was dropped. */
  void spawnDropped() {
    windowSpawnDropped.incrementAndGet();
    scheduleReport();
  }

  /** A twisted client was closed unserved. */
  void twistDropped() {
    windowTwistDropped.incrementAndGet();
    scheduleReport();
  }

  /** A command could not be started; the window's line shows the last such failure. */
  void startFailed(Exception e) {
    windowFailed.incrementAndGet();
    windowFailure.set(String.valueOf(e.getMessage()));
    scheduleReport();
  }

  /** A command was destroyed for running longer than the maximum runtime. */
  void timedOut() {
    windowTimedOut.incrementAndGet();
    scheduleReport();
  }

  /** At the first event of a window, schedules its report one interval later. */
  private void scheduleReport() {
    if (reportPending.compareAndSet(false, true)) {
      try {
        timer.schedule(
            this::flushReport, limits.reportInterval().toMillis(), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        reportPending.set(false);
      }
    }
  }

  private void flushReport() {
    reportPending.set(false);
    String window = seconds(limits.reportInterval());
    long sd = windowSpawnDropped.getAndSet(0);
    long td = windowTwistDropped.getAndSet(0);
    long f = windowFailed.getAndSet(0);
    long to = windowTimedOut.getAndSet(0);
    if (sd > 0) {
      emit(
          "spawn: "
              + count(sd, "command")
              + " dropped in the last "
              + window
              + " (limits: "
              + limits.describe()
              + ")");
    }
    if (td > 0) {
      emit(
          "twist: "
              + count(td, "connection")
              + " closed without running the command in the last "
              + window
              + " (limits: "
              + limits.describe()
              + ")");
    }
    if (f > 0) {
      emit(
          "spawn/twist: "
              + count(f, "command")
              + " could not be started in the last "
              + window
              + ": "
              + windowFailure.getAndSet(null));
    }
    if (to > 0) {
      emit(
          "spawn/twist: "
              + count(to, "command")
              + " destroyed after running longer than "
              + seconds(limits.maxRuntime())
              + " in the last "
              + window);
    }
  }

  /** {@code 1 command}, {@code 3 commands}. */
  private static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private void emit(String line) {
    try {
      report.accept(line);
    } catch (RuntimeException e) {
      // a failing log sink must not stop the runner
    }
  }

  /** {@code 10 s}, or {@code 0.25 s} below a second. */
  static String seconds(Duration d) {
    long ms = d.toMillis();
    if (ms % 1000 == 0) {
      return ms / 1000 + " s";
    }
    return String.valueOf(ms / 1000.0) + " s";
  }
}
