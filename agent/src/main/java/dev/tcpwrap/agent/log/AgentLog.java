package dev.tcpwrap.agent.log;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The agent's own small logger (no SLF4J in the agent jar). Lines are queued without locks and written by one
 * daemon thread, so an acceptor thread never blocks on a full pipe or a slow disk; when more than
 * {@value #CAPACITY} lines are pending, new ones are dropped and counted. Pending lines are flushed at exit.
 *
 * <p>Two kinds of lines: access lines in tcpd's form {@code DAEMON[PID]: refused connect from HOST (ADDR)},
 * and diagnostics {@code tcpwrap[PID]: warning: ...}. Callers escape untrusted text ({@link Text#escape}).
 */
public final class AgentLog {

  /** Most lines waiting to be written; beyond this, lines are dropped. */
  static final int CAPACITY = 10_000;

  private final LogLevel level;
  private final OutputStream out;
  private final String diagPrefix;
  private final long pid;
  private final ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pending = new AtomicInteger();
  private final LongAdder dropped = new LongAdder();
  private final Thread writer;

  private AgentLog(LogLevel level, OutputStream out) {
    this.level = level;
    this.out = out;
    this.pid = ProcessHandle.current().pid();
    this.diagPrefix = "tcpwrap[" + pid + "]: ";
    this.writer = new Thread(this::drainLoop, "tcpwrap-log");
    writer.setDaemon(true);
  }

  /**
   * Opens the log and starts its writer thread.
   *
   * @param level       the lowest level written
   * @param destination {@code stderr}, {@code stdout} or a file path to append to
   * @return the running log
   * @throws IOException if the file cannot be opened
   */
  public static AgentLog start(LogLevel level, String destination) throws IOException {
    OutputStream out;
    if (destination.equals("stderr")) {
      out = new FileOutputStream(FileDescriptor.err); // fd 2 even if the application replaces System.err
    } else if (destination.equals("stdout")) {
      out = new FileOutputStream(FileDescriptor.out);
    } else {
      out = Files.newOutputStream(Path.of(destination), StandardOpenOption.CREATE, StandardOpenOption.APPEND,
          StandardOpenOption.WRITE);
    }
    AgentLog log = new AgentLog(level, out);
    log.writer.start();
    Runtime.getRuntime().addShutdownHook(new Thread(log::drain, "tcpwrap-log-flush"));
    return log;
  }

  /** @return the process id printed in every line */
  public long pid() {
    return pid;
  }

  /** @return whether lines of this level are written */
  public boolean enabled(LogLevel l) {
    return l != LogLevel.OFF && l.ordinal() <= level.ordinal();
  }

  /** Logs an access line {@code DAEMON[PID]: message} (message already escaped). */
  public void access(LogLevel l, String daemon, String message) {
    if (enabled(l)) {
      enqueue(daemon + "[" + pid + "]: " + message);
    }
  }

  /** Logs a diagnostic {@code tcpwrap[PID]: level: message}. */
  public void diag(LogLevel l, String message) {
    if (enabled(l)) {
      enqueue(diagPrefix + l.label() + ": " + message);
    }
  }

  /** @return lines dropped because the queue was full */
  public long dropped() {
    return dropped.sum();
  }

  private void enqueue(String line) {
    if (pending.incrementAndGet() > CAPACITY) {
      pending.decrementAndGet();
      dropped.increment();
      return;
    }
    queue.add(line);
    LockSupport.unpark(writer);
  }

  // the writer thread: write what is queued, then sleep until unparked (or a short timeout)
  private void drainLoop() {
    while (true) {
      drain();
      LockSupport.parkNanos(this, 200_000_000L);
    }
  }

  // writes and flushes all queued lines; called by the writer and at exit
  private synchronized void drain() {
    StringBuilder batch = new StringBuilder();
    for (String line = queue.poll(); line != null; line = queue.poll()) {
      pending.decrementAndGet();
      batch.append(line).append('\n');
      if (batch.length() > 16_384) {
        write(batch);
      }
    }
    write(batch);
  }

  private void write(StringBuilder batch) {
    if (batch.length() == 0) {
      return;
    }
    try {
      out.write(batch.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException | RuntimeException e) {
      dropped.increment();
    }
    batch.setLength(0);
  }
}
