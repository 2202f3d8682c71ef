package dev.tcpwrap.agent.log;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the log lost, and the few lines that say so, so that no line is lost silently: a destination
 * that starts failing is said once on standard error (its own channel is what fails), its recovery
 * once in the log with what was lost meanwhile, a full queue once and then at most once a minute,
 * and at exit the sum. The counters may be read by any thread; the rest is the writer's.
 */
final class Losses {

  private static final long OVERFLOW_REPEAT_NANOS = 60_000_000_000L;

  private final LogSink sink;
  private final long pid;
  private final LongAdder overflowed = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private volatile String failing; // the failure being reported, or null while the sink works
  private long failedBefore; // failed() when the failure began
  private long overflowReported; // overflowed() when a full queue was last said
  private long overflowReportedAt; // when, System.nanoTime()

  Losses(LogSink sink, long pid) {
    this.sink = sink;
    this.pid = pid;
  }

  /** A record did not fit in the queue (any thread). */
  void overflow() {
    overflowed.increment();
  }

  long overflowed() {
    return overflowed.sum();
  }

  long failed() {
    return failed.sum();
  }

  String failure() {
    return failing;
  }

  /**
   * Counts what a sink call lost and looks at the sink's state after it.
   *
   * @param lost the records the call lost
   * @param failedBeforeCall {@link #failed()} before the call, which counts if it began a failure
   * @return the line to log when the sink works again, else {@code null}
   */
  LogRecord afterCall(int lost, long failedBeforeCall) {
    if (lost > 0) {
      failed.add(lost);
    }
    String f = sink.failure();
    if (f != null && failing == null) {
      failing = f;
      failedBefore = failedBeforeCall;
      if (!(sink instanceof StreamSink && sink.describe().equals("stderr"))) {
        int kept = sink.keepsAtMost();
        Stderr.line(
            line(
                LogLevel.ERROR,
                "log destination "
                    + sink.describe()
                    + " failed: "
                    + Text.escape(f)
                    + (kept > 0
                        ? "; lines are kept (up to " + kept + ") and sent when it works again"
                        : "; its lines are lost, and counted, until it works again")));
      }
    } else if (f == null && failing != null) {
      failing = null;
      return record(
          LogLevel.INFO,
          "log destination "
              + sink.describe()
              + " works again; "
              + lines(failed.sum() - failedBefore)
              + " lost while it failed");
    }
    return null;
  }

  /**
   * @param roomInQueue whether a record can be queued now (else the report itself would be lost)
   * @return the line saying the queue was full, when it is due, else {@code null}
   */
  LogRecord overflowReport(boolean roomInQueue, int capacity) {
    long n = overflowed.sum();
    long now = System.nanoTime();
    if (n == overflowReported
        || !roomInQueue
        || (overflowReported > 0 && now - overflowReportedAt < OVERFLOW_REPEAT_NANOS)) {
      return null;
    }
    overflowReported = n;
    overflowReportedAt = now;
    return record(
        LogLevel.WARN,
        "log queue full: "
            + n
            + " lines dropped so far, more than "
            + capacity
            + " were waiting for "
            + sink.describe());
  }

  /** Says on standard error what was lost or is still undelivered at exit, if anything. */
  void atExit() {
    long lost = overflowed.sum() + failed.sum();
    int kept = sink.undelivered();
    if (lost == 0 && kept == 0) {
      return;
    }
    String last = failing;
    Stderr.line(
        line(
            LogLevel.WARN,
            "log destination "
                + sink.describe()
                + ": "
                + lines(lost)
                + " lost ("
                + overflowed.sum()
                + " with the queue full, "
                + failed.sum()
                + " failed)"
                + (kept > 0 ? ", " + kept + " not delivered at exit" : "")
                + (last != null ? "; last failure: " + Text.escape(last) : "")));
  }

  private static LogRecord record(LogLevel level, String message) {
    return new LogRecord(System.currentTimeMillis(), level, null, message);
  }

  private String line(LogLevel level, String message) {
    return record(level, message).format(pid);
  }

  private static String lines(long n) {
    return n == 1 ? "1 line" : n + " lines";
  }
}
