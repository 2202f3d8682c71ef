package dev.tcpwrap.core.action;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Runs the shell commands of {@code spawn} and {@code twist} off the accept path, under {@link
 * CommandLimits}.
 *
 * <p>Longer than 300 lines because what is left here is one life cycle that spawn and twist share
 * (admit, start on the runner's executor, watch until exit or deadline, release), whose slot and
 * counters change together; the parts with a concept of their own are apart: {@link CommandSlots}
 * (admission), {@link CommandReport} (the windowed report lines), {@link ProcessTree} (ending a
 * command) and {@link TwistSession} (a twisted client).
 *
 * <p>tcpd forks {@code /bin/sh -c command} for every matching connection and, for {@code spawn},
 * waits for it; inside a JVM the accepting thread must do neither. Here the caller only reserves a
 * slot (a compare-and-set and a token bucket, no blocking, no fork): the fork/exec happens on a
 * small executor of this runner, the slot is released when the child exits ({@link
 * Process#onExit()}), and a child running longer than {@link CommandLimits#maxRuntime()} is
 * destroyed (with its descendants) so slots cannot leak. What is over a bound is dropped and
 * counted, and reported to the {@code report} consumer at most once per {@link
 * CommandLimits#reportInterval()}: a flood of refused connections cannot fork-bomb the host, and
 * cannot flood the log either.
 *
 * <p>{@code spawn} children get stdin from the null device and their output discarded, as tcpd
 * does. {@code twist} children are connected to the client ({@link TwistSession}). Both share the
 * same slots and rate.
 *
 * <p>Thread-safe; no method throws to the caller and no lock is held while anything blocks. Threads
 * are daemon threads that end when idle, so an unused runner costs nothing and never keeps the JVM
 * alive.
 */
public final class CommandRunner implements AutoCloseable {

  /**
   * How long a twist waits, after its command exited, for the rest of its output (grandchildren may
   * hold it).
   */
  static final Duration TWIST_DRAIN = Duration.ofSeconds(2);

  private static final File NULL_DEVICE = new File("/dev/null");
  private static final AtomicInteger RUNNERS = new AtomicInteger();

  private final CommandLimits limits;
  private final CommandSlots slots;
  private final CommandReport reports;
  private final ThreadPoolExecutor starter;
  private final ThreadPoolExecutor pumps;
  private final ScheduledThreadPoolExecutor timer;
  private final AtomicBoolean closed = new AtomicBoolean();

  private final AtomicLong spawned = new AtomicLong();
  private final AtomicLong spawnDropped = new AtomicLong();
  private final AtomicLong twisted = new AtomicLong();
  private final AtomicLong twistDropped = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong timedOut = new AtomicLong();

  /**
   * A runner with these limits; report lines (drops, start failures, destroyed commands) go to
   * {@code report}, at most one of each kind per report interval.
   */
  public CommandRunner(CommandLimits limits, Consumer<String> report) {
    this.limits = Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(report, "report");
    int id = RUNNERS.incrementAndGet();
    // Starts are queued only behind a reserved slot, so the queue never holds more than maxRunning
    // tasks.
    this.starter =
        new ThreadPoolExecutor(
            2,
            2,
            5,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            daemonThreads("tcpwrap-command-" + id + "-start"));
    this.starter.allowCoreThreadTimeOut(true);
    // Two pump threads per twist; twists hold slots, so there are at most 2 * maxRunning busy
    // pumps.
    this.pumps =
        new ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE,
            5,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            daemonThreads("tcpwrap-command-" + id + "-pump"));
    this.timer =
        new ScheduledThreadPoolExecutor(1, daemonThreads("tcpwrap-command-" + id + "-timer"));
    this.timer.setRemoveOnCancelPolicy(true);
    this.timer.setKeepAliveTime(5, TimeUnit.SECONDS);
    this.timer.allowCoreThreadTimeOut(true);
    this.slots = new CommandSlots(limits);
    this.reports = new CommandReport(limits, report, timer);
  }

  /** A runner with {@link CommandLimits#DEFAULTS}. */
  public static CommandRunner withDefaults(Consumer<String> report) {
    return new CommandRunner(CommandLimits.DEFAULTS, report);
  }

  /** The limits of this runner. */
  public CommandLimits limits() {
    return limits;
  }

  /**
   * Starts {@code /bin/sh -c command} in the background, with stdin from the null device and
   * stdout/stderr discarded. Returns at once, without waiting for the fork.
   *
   * @return true if the command will be started; false if it was dropped (over a bound, or the
   *     runner is closed)
   */
  public boolean spawn(String command) {
    if (command == null || !admit()) {
      dropSpawn();
      return false;
    }
    try {
      starter.execute(() -> startSpawn(command));
      return true;
    } catch (RejectedExecutionException e) {
      slots.release();
      dropSpawn();
      return false;
    }
  }

  /**
   * Hands {@code client} to {@code /bin/sh -c command}, stderr merged into stdout: the client's
   * bytes go to the command's stdin and its output to the client, on pump threads, and the client
   * is closed when the command ends (see {@link TwistSession}). Returns at once. Over a bound the
   * client is just closed (on the caller's thread), and counted.
   *
   * @return true if the command will be started; false if the client was closed unserved
   */
  public boolean twist(String command, ClientConnection client) {
    if (client == null) {
      return false;
    }
    if (command == null || !admit()) {
      dropTwist();
      client.close();
      return false;
    }
    try {
      starter.execute(() -> startTwist(command, client));
      return true;
    } catch (RejectedExecutionException e) {
      slots.release();
      dropTwist();
      client.close();
      return false;
    }
  }

  /**
   * Counters for metrics, read without locking (each is exact; together they are a near-snapshot).
   */
  public Stats stats() {
    return new Stats(
        spawned.get(),
        spawnDropped.get(),
        twisted.get(),
        twistDropped.get(),
        slots.inUse(),
        failed.get(),
        timedOut.get());
  }

  /**
   * Counters of a runner.
   *
   * @param spawned spawn commands started
   * @param spawnDropped spawn commands dropped (over a bound, or after close)
   * @param twisted twist commands started
   * @param twistDropped twisted clients closed unserved
   * @param running slots in use: commands running or about to start
   * @param failed commands that could not be started ({@code /bin/sh} missing, out of processes,
   *     ...)
   * @param timedOut commands destroyed for running longer than the maximum runtime
   */
  public record Stats(
      long spawned,
      long spawnDropped,
      long twisted,
      long twistDropped,
      int running,
      long failed,
      long timedOut) {

    /** Commands started, spawned and twisted. */
    public long started() {
      return spawned + twisted;
    }

    /** Commands dropped, spawned and twisted. */
    public long dropped() {
      return spawnDropped + twistDropped;
    }
  }

  /**
   * No new commands from now on (they are dropped). Running commands are left to finish (or to be
   * destroyed at their maximum runtime); twist sessions go on until their command ends.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      starter.shutdown();
    }
  }

  // ---------------------------------------------------------------- admission

  /** Reserves a slot and a start token ({@link CommandSlots}); never blocks. */
  private boolean admit() {
    if (closed.get()) {
      return false;
    }
    return slots.tryAcquire();
  }

  private void dropSpawn() {
    spawnDropped.incrementAndGet();
    reports.spawnDropped();
  }

  private void dropTwist() {
    twistDropped.incrementAndGet();
    reports.twistDropped();
  }

  // ---------------------------------------------------------------- starting and watching

  private void startSpawn(String command) {
    Process p;
    try {
      p =
          new ProcessBuilder("/bin/sh", "-c", command)
              .redirectInput(ProcessBuilder.Redirect.from(NULL_DEVICE))
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException | RuntimeException e) {
      startFailed(e);
      return;
    }
    spawned.incrementAndGet();
    watch(p, "spawn", null);
  }

  private void startTwist(String command, ClientConnection client) {
    Process p;
    try {
      p = new ProcessBuilder("/bin/sh", "-c", command).redirectErrorStream(true).start();
    } catch (IOException | RuntimeException e) {
      startFailed(e);
      client.close();
      return;
    }
    twisted.incrementAndGet();
    TwistSession session = new TwistSession(p, client, timer, TWIST_DRAIN, this::destroy, pumps);
    watch(p, "twist", session::commandEnded);
    try {
      pumps.execute(session::pumpOut);
      pumps.execute(session::pumpIn);
    } catch (RejectedExecutionException e) {
      destroy(p);
      client.close();
    }
  }

  private void startFailed(Exception e) {
    slots.release();
    failed.incrementAndGet();
    reports.startFailed(e);
  }

  /** Releases the slot when the child exits; destroys it at the maximum runtime. */
  private void watch(Process p, String kind, Runnable onEnd) {
    ScheduledFuture<?> deadline;
    try {
      deadline =
          timer.schedule(() -> expire(p), limits.maxRuntime().toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      deadline = null;
    }
    ScheduledFuture<?> d = deadline;
    p.onExit()
        .whenComplete(
            (x, t) -> {
              if (d != null) {
                d.cancel(false);
              }
              try {
                if (onEnd != null) {
                  onEnd.run(); // the session's clean-up (closing the client) belongs to the slot
                }
              } finally {
                slots.release();
              }
            });
  }

  private void expire(Process p) {
    if (!p.isAlive()) {
      return;
    }
    timedOut.incrementAndGet();
    reports.timedOut();
    destroy(p);
  }

  /** Ends the child and its descendants ({@link ProcessTree}). */
  private void destroy(Process p) {
    ProcessTree.destroy(p, timer);
  }

  private static ThreadFactory daemonThreads(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
