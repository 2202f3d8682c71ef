package dev.tcpwrap.agent.log;

import dev.tcpwrap.agent.log.syslog.Syslog;
import dev.tcpwrap.core.action.Severity;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The agent's own small logger (no SLF4J in the agent jar). Records are queued without locks and
 * written by one daemon thread, so an acceptor thread never blocks on a full pipe, a slow disk or
 * the application's logging; when more than {@value #CAPACITY} records are pending, new ones are
 * dropped and counted. Pending records are flushed at exit.
 *
 * <p>Two kinds of lines: access lines in tcpd's form {@code DAEMON[PID]: refused connect from HOST
 * (ADDR)}, and diagnostics {@code tcpwrap[PID]: warning: ...}. Callers escape untrusted text
 * ({@link Text#escape}).
 *
 * <p>Destinations ({@code log=}, {@link LogTarget}): {@code stderr} (default), {@code stdout}, a
 * file path (appended to, time stamped, reopened after rotation: {@link FileSink}), {@code slf4j},
 * the application's own SLF4J ({@link Slf4jSink}), or syslog: the local socket, UDP or TCP ({@link
 * Syslog}), each line at its syslog priority ({@link LogRecord#priority()}).
 *
 * <p>Lines are never lost silently. Three counters tell what was lost: {@link #overflowed()} (the
 * queue was full), {@link #failed()} (the destination failed and did not keep the line). A
 * destination that starts failing is reported once, on standard error (its own channel is what
 * fails), with the error; when it works again, one line in the log says so and how many lines were
 * lost meanwhile. A full queue is reported once in the log, then at most once a minute while it
 * goes on. At exit, lines lost or still undelivered are summed up on standard error.
 */
public final class AgentLog {

  /** Most records waiting to be written; beyond this, records are dropped. */
  static final int CAPACITY = 10_000;

  /** The {@code log=} value that routes records into the application's SLF4J. */
  public static final String SLF4J = "slf4j";

  private final LogLevel level;
  private final LogSink sink;
  private final long pid;
  private final ConcurrentLinkedQueue<LogRecord> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pending = new AtomicInteger();
  private final LongAdder overflowed = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final Thread writer;
  // writer-side state, under drain()'s lock
  private String failing; // the failure being reported, or null while the destination works
  private long failedBefore; // failed() when the failure began
  private long overflowReported; // overflowed() when a full queue was last reported
  private long overflowReportedAt; // when, System.nanoTime()

  private AgentLog(LogLevel level, LogSink sink, long pid) {
    this.level = level;
    this.sink = sink;
    this.pid = pid;
    this.writer = new Thread(this::drainLoop, "tcpwrap-log");
    writer.setDaemon(true);
  }

  /**
   * Opens the log and starts its writer thread.
   *
   * @param level the lowest level written
   * @param destination {@code stderr}, {@code stdout}, {@code slf4j} or a file path to append to
   * @return the running log
   * @throws IOException if the file cannot be opened
   */
  public static AgentLog start(LogLevel level, String destination) throws IOException {
    return start(level, destination, null);
  }

  /**
   * Opens the log and starts its writer thread.
   *
   * @param level the lowest level written
   * @param destination {@code stderr}, {@code stdout}, {@code slf4j} or a file path to append to
   * @param inst the instrumentation, used by {@code slf4j} to see the application load SLF4J; may
   *     be {@code null}
   * @return the running log
   * @throws IOException if the file cannot be opened
   */
  public static AgentLog start(LogLevel level, String destination, Instrumentation inst)
      throws IOException {
    long pid = ProcessHandle.current().pid();
    LogTarget target = LogTarget.parse(destination);
    LogSink sink;
    LogRecord notice = null;
    switch (target.kind()) {
      case STDERR:
        sink = StreamSink.stderr(pid);
        break;
      case STDOUT:
        sink = StreamSink.stdout(pid);
        break;
      case SLF4J:
        Slf4jSink s = Slf4jSink.forApplication(pid);
        notice = s.startWatching(inst);
        sink = s;
        break;
      case FILE:
        sink = FileSink.open(Path.of(target.path()), pid);
        break;
      default:
        // before Java 22 the local socket falls back to stderr, unless that is an inetd client
        LogSink fallback =
            Stderr.isConnection()
                ? new LostSink("stderr (the client's connection under inetd: not written)")
                : StreamSink.stderr(pid);
        Syslog.Opened opened = Syslog.open(target, pid, fallback);
        sink = opened.sink();
        if (opened.notice() != null) {
          notice = new LogRecord(System.currentTimeMillis(), LogLevel.WARN, null, opened.notice());
        }
        break;
    }
    AgentLog log = start(level, sink, pid);
    if (notice != null && log.enabled(notice.level())) {
      log.enqueue(notice);
    }
    return log;
  }

  /**
   * Starts a log writing to any stream in the stderr format (tests, tools).
   *
   * @param level the lowest level written
   * @param out the stream
   * @return the running log
   */
  public static AgentLog toStream(LogLevel level, java.io.OutputStream out) {
    long pid = ProcessHandle.current().pid();
    return start(level, StreamSink.of(out, "stream", pid), pid);
  }

  /** Starts a log over any sink (tests). */
  static AgentLog start(LogLevel level, LogSink sink, long pid) {
    AgentLog log = new AgentLog(level, sink, pid);
    log.writer.start();
    Runtime.getRuntime().addShutdownHook(new Thread(log::drainAtExit, "tcpwrap-log-flush"));
    return log;
  }

  /**
   * @return the process id printed in every line
   */
  public long pid() {
    return pid;
  }

  /**
   * @return where the records go, e.g. {@code stderr} or {@code file /var/log/tcpwrap.log}
   */
  public String destination() {
    return sink.describe();
  }

  /**
   * @return whether lines of this level are written
   */
  public boolean enabled(LogLevel l) {
    return l != LogLevel.OFF && l.ordinal() <= level.ordinal();
  }

  /** Logs an access line {@code DAEMON[PID]: message} (message already escaped). */
  public void access(LogLevel l, String daemon, String message) {
    if (enabled(l)) {
      enqueue(new LogRecord(System.currentTimeMillis(), l, daemon, message));
    }
  }

  /**
   * Logs an access line at a syslog priority: a rule's {@code severity} option, or tcpd's {@link
   * Severity#ALLOWED}/{@link Severity#REFUSED}; its level decides whether {@code log-level} lets it
   * through ({@link LogLevel#ofSyslog}).
   */
  public void access(Severity severity, String daemon, String message) {
    LogLevel l = LogLevel.ofSyslog(severity.level().code());
    if (enabled(l)) {
      enqueue(new LogRecord(System.currentTimeMillis(), l, severity.priority(), daemon, message));
    }
  }

  /** Logs a diagnostic {@code tcpwrap[PID]: level: message}. */
  public void diag(LogLevel l, String message) {
    if (enabled(l)) {
      enqueue(new LogRecord(System.currentTimeMillis(), l, null, message));
    }
  }

  /**
   * @return records lost: the queue was full ({@link #overflowed()}) or the destination failed
   *     ({@link #failed()})
   */
  public long dropped() {
    return overflowed.sum() + failed.sum();
  }

  /**
   * @return records dropped because more than {@value #CAPACITY} were waiting
   */
  public long overflowed() {
    return overflowed.sum();
  }

  /**
   * @return records the destination failed to take and did not keep
   */
  public long failed() {
    return failed.sum();
  }

  /**
   * @return the destination's failure while it lasts (e.g. {@code No space left on device}), or
   *     {@code null} when it works
   */
  public String failure() {
    return failing;
  }

  /** Writes everything queued so far, on the calling thread (tests, exit). */
  public void flush() {
    drain();
  }

  private void enqueue(LogRecord r) {
    if (pending.incrementAndGet() > CAPACITY) {
      pending.decrementAndGet();
      overflowed.increment(); // reported by the writer thread (reportOverflow)
      return;
    }
    queue.add(r);
    LockSupport.unpark(writer);
  }

  // the writer thread: write what is queued, then sleep until unparked (or a short timeout)
  private void drainLoop() {
    while (true) {
      try {
        drain();
        retry();
        reportOverflow();
      } catch (Throwable t) {
        failed.increment(); // a sink never throws; keep the thread alive regardless
      }
      LockSupport.parkNanos(this, 200_000_000L);
    }
  }

  // lines a destination kept after a failure go again
  private synchronized void retry() {
    long before = failed.sum();
    int lost = sink.retry();
    if (lost > 0) {
      failed.add(lost);
    }
    watchSink(before);
  }

  // a full queue: said once at once, then at most once a minute while it goes on
  private void reportOverflow() {
    long n = overflowed.sum();
    long now = System.nanoTime();
    if (n > overflowReported
        && (overflowReported == 0 || now - overflowReportedAt > 60_000_000_000L)
        && pending.get() < CAPACITY) { // else the report itself would overflow: next round

      overflowReported = n;
      overflowReportedAt = now;
      enqueue(
          new LogRecord(
              System.currentTimeMillis(),
              LogLevel.WARN,
              null,
              "log queue full: "
                  + n
                  + " lines dropped so far, more than "
                  + CAPACITY
                  + " were waiting for "
                  + sink.describe()));
    }
  }

  // reports the destination's failure once when it begins, and its end with what was lost
  private void watchSink(long failedBeforeCall) {
    String f = sink.failure();
    if (f != null && failing == null) {
      failing = f;
      failedBefore = failedBeforeCall; // the call that failed counts
      if (!(sink instanceof StreamSink && sink.describe().equals("stderr"))) {
        Stderr.line(
            new LogRecord(
                    System.currentTimeMillis(),
                    LogLevel.ERROR,
                    null,
                    "log destination "
                        + sink.describe()
                        + " failed: "
                        + Text.escape(f)
                        + (sink.keepsFailedLines()
                            ? "; lines are kept (up to "
                                + CAPACITY
                                + ") and sent when it works again"
                            : "; its lines are lost, and counted, until it works again"))
                .format(pid));
      }
    } else if (f == null && failing != null) {
      failing = null;
      enqueue(
          new LogRecord(
              System.currentTimeMillis(),
              LogLevel.INFO,
              null,
              "log destination "
                  + sink.describe()
                  + " works again; "
                  + lines(failed.sum() - failedBefore)
                  + " lost while it failed"));
    }
  }

  private static String lines(long n) {
    return n == 1 ? "1 line" : n + " lines";
  }

  // at exit: everything queued goes, once more to a destination that keeps lines, then the sum
  private void drainAtExit() {
    drain();
    retry();
    long lost = dropped();
    int kept = sink.undelivered();
    if (lost > 0 || kept > 0) {
      Stderr.line(
          new LogRecord(
                  System.currentTimeMillis(),
                  LogLevel.WARN,
                  null,
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
                      + (failing != null ? "; last failure: " + Text.escape(failing) : ""))
              .format(pid));
    }
  }

  // writes all queued records in batches; called by the writer and at exit
  private synchronized void drain() {
    List<LogRecord> batch = new ArrayList<>();
    for (LogRecord r = queue.poll(); r != null; r = queue.poll()) {
      pending.decrementAndGet();
      batch.add(r);
      if (batch.size() >= 256) {
        write(batch);
      }
    }
    write(batch);
  }

  private void write(List<LogRecord> batch) {
    if (batch.isEmpty()) {
      return;
    }
    long before = failed.sum();
    int lost = sink.write(batch);
    if (lost > 0) {
      failed.add(lost);
    }
    batch.clear();
    watchSink(before);
  }
}
