package dev.tcpwrap.agent.log;

import dev.tcpwrap.core.action.Severity;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
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
 * <p>Lines are never lost silently ({@link Losses}): {@link #overflowed()} counts records dropped
 * because the queue was full, {@link #failed()} those the destination failed to take and did not
 * keep; a failing destination is said once on standard error, its recovery in the log, and the sum
 * at exit.
 */
public final class AgentLog {

  /** Most records waiting to be written; beyond this, records are dropped. */
  static final int CAPACITY = 10_000;

  /**
   * How long the writer lets records gather after it was woken, so that a burst (a scan, a busy
   * server with {@code log-allowed}) costs one wake-up and one write per millisecond rather than
   * per line.
   */
  static final long LINGER_NANOS = 1_000_000L;

  /** The {@code log=} value that routes records into the application's SLF4J. */
  public static final String SLF4J = "slf4j";

  private final LogLevel level;
  private final LogSink sink;
  private final long pid;
  private final ConcurrentLinkedQueue<LogRecord> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pending = new AtomicInteger();
  private final Losses losses;
  private final Thread writer;

  // the writer is parked, or about to be, with nothing queued: the next record wakes it
  private volatile boolean writerIdle;

  private AgentLog(LogLevel level, LogSink sink, long pid) {
    this.level = level;
    this.sink = sink;
    this.pid = pid;
    this.losses = new Losses(sink, pid);
    this.writer = new Thread(this::drainLoop, "tcpwrap-log");
    writer.setDaemon(true);
  }

  /**
   * Opens the log and starts its writer thread.
   *
   * @param level the lowest level written
   * @param destination a {@code log=} value ({@link LogTarget}): {@code stderr}, {@code stdout},
   *     {@code slf4j}, a syslog form or a file path to append to
   * @return the running log
   * @throws IOException if the file or the local syslog socket cannot be opened
   */
  public static AgentLog start(LogLevel level, String destination) throws IOException {
    return start(level, destination, null);
  }

  /**
   * Opens the log and starts its writer thread.
   *
   * @param level the lowest level written
   * @param destination a {@code log=} value ({@link LogTarget}): {@code stderr}, {@code stdout},
   *     {@code slf4j}, a syslog form or a file path to append to
   * @param inst the instrumentation, used by {@code slf4j} to see the application load SLF4J; may
   *     be {@code null}
   * @return the running log
   * @throws IOException if the file or the local syslog socket cannot be opened
   */
  public static AgentLog start(LogLevel level, String destination, Instrumentation inst)
      throws IOException {
    long pid = ProcessHandle.current().pid();
    LogSinks.Opened opened = LogSinks.open(destination, pid, inst);
    AgentLog log = start(level, opened.sink(), pid);
    LogRecord notice = opened.notice();
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
    return losses.overflowed() + losses.failed();
  }

  /**
   * @return records dropped because more than {@value #CAPACITY} were waiting
   */
  public long overflowed() {
    return losses.overflowed();
  }

  /**
   * @return records the destination failed to take and did not keep
   */
  public long failed() {
    return losses.failed();
  }

  /**
   * @return the destination's failure while it lasts (e.g. {@code No space left on device}), or
   *     {@code null} when it works
   */
  public String failure() {
    return losses.failure();
  }

  /** Writes everything queued so far, on the calling thread (tests, exit). */
  public void flush() {
    drain();
  }

  private void enqueue(LogRecord r) {
    if (pending.incrementAndGet() > CAPACITY) {
      pending.decrementAndGet();
      losses.overflow(); // said by the writer thread
      return;
    }
    queue.add(r);
    // only the record that finds the writer idle wakes it: an unpark is a system call
    if (writerIdle) {
      writerIdle = false;
      LockSupport.unpark(writer);
    }
  }

  // the writer thread: write what is queued, then sleep until a record comes (or a short timeout,
  // for retries), then let more gather before writing
  private void drainLoop() {
    while (true) {
      try {
        drain();
        retry();
        enqueueIfAny(losses.overflowReport(pending.get() < CAPACITY, CAPACITY));
      } catch (Throwable t) {
        enqueueIfAny(
            losses.afterCall(1, losses.failed())); // a sink never throws; count, keep going
      }
      writerIdle = true;
      // checked after saying so: a record queued before this line is seen here, one after it
      // finds the writer idle and wakes it
      if (queue.isEmpty()) {
        LockSupport.parkNanos(this, 200_000_000L);
      }
      writerIdle = false;
      if (!queue.isEmpty()) {
        LockSupport.parkNanos(this, LINGER_NANOS);
      }
    }
  }

  // lines a destination kept after a failure go again
  private synchronized void retry() {
    long before = losses.failed();
    enqueueIfAny(losses.afterCall(sink.retry(), before));
  }

  private void enqueueIfAny(LogRecord r) {
    if (r != null) {
      enqueue(r);
    }
  }

  // at exit: everything queued goes, once more to a destination that keeps lines, then the sum
  private void drainAtExit() {
    drain();
    retry();
    drain(); // a recovery line
    losses.atExit();
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
    long before = losses.failed();
    int lost = sink.write(batch);
    batch.clear();
    enqueueIfAny(losses.afterCall(lost, before));
  }
}
