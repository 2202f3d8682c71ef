package dev.tcpwrap.core.action;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Runs the shell commands of {@code spawn} and {@code twist} off the accept path, under {@link
 * CommandLimits}.
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

  /** How long a destroyed child has to exit before it is killed forcibly. */
  private static final Duration KILL_GRACE = Duration.ofSeconds(5);

  /**
   * How long a twist waits, after its command exited, for the rest of its output (grandchildren may
   * hold it).
   */
  static final Duration TWIST_DRAIN = Duration.ofSeconds(2);

  private static final File NULL_DEVICE = new File("/dev/null");
  private static final AtomicInteger RUNNERS = new AtomicInteger();

  private final CommandLimits limits;
  private final Consumer<String> report;
  private final ThreadPoolExecutor starter;
  private final ThreadPoolExecutor pumps;
  private final ScheduledThreadPoolExecutor timer;
  private final AtomicBoolean closed = new AtomicBoolean();

  private final AtomicInteger running = new AtomicInteger();
  private final Object bucketLock = new Object();
  private double tokens;
  private long refilledAt;

  private final AtomicLong spawned = new AtomicLong();
  private final AtomicLong spawnDropped = new AtomicLong();
  private final AtomicLong twisted = new AtomicLong();
  private final AtomicLong twistDropped = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong timedOut = new AtomicLong();

  private final AtomicLong windowSpawnDropped = new AtomicLong();
  private final AtomicLong windowTwistDropped = new AtomicLong();
  private final AtomicLong windowFailed = new AtomicLong();
  private final AtomicLong windowTimedOut = new AtomicLong();
  private final AtomicReference<String> windowFailure = new AtomicReference<>();
  private final AtomicBoolean reportPending = new AtomicBoolean();

  /**
   * A runner with these limits; report lines (drops, start failures, destroyed commands) go to
   * {@code report}, at most one of each kind per report interval.
   */
  public CommandRunner(CommandLimits limits, Consumer<String> report) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.report = Objects.requireNonNull(report, "report");
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
    this.tokens = limits.maxStartsPerSecond();
    this.refilledAt = System.nanoTime();
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
      drop(spawnDropped, windowSpawnDropped);
      return false;
    }
    try {
      starter.execute(() -> startSpawn(command));
      return true;
    } catch (RejectedExecutionException e) {
      running.decrementAndGet();
      drop(spawnDropped, windowSpawnDropped);
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
      drop(twistDropped, windowTwistDropped);
      client.close();
      return false;
    }
    try {
      starter.execute(() -> startTwist(command, client));
      return true;
    } catch (RejectedExecutionException e) {
      running.decrementAndGet();
      drop(twistDropped, windowTwistDropped);
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
        running.get(),
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

  /** Reserves a slot and a start token; never blocks. */
  private boolean admit() {
    if (closed.get()) {
      return false;
    }
    while (true) {
      int r = running.get();
      if (r >= limits.maxRunning()) {
        return false;
      }
      if (running.compareAndSet(r, r + 1)) {
        break;
      }
    }
    if (!takeToken()) {
      running.decrementAndGet();
      return false;
    }
    return true;
  }

  /** A token bucket refilled at maxStartsPerSecond, holding at most one second's worth. */
  private boolean takeToken() {
    long now = System.nanoTime();
    synchronized (bucketLock) {
      int rate = limits.maxStartsPerSecond();
      tokens = Math.min(rate, tokens + (now - refilledAt) * (rate / 1e9));
      refilledAt = now;
      if (tokens < 1) {
        return false;
      }
      tokens -= 1;
      return true;
    }
  }

  private void drop(AtomicLong total, AtomicLong window) {
    total.incrementAndGet();
    window.incrementAndGet();
    scheduleReport();
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
    running.decrementAndGet();
    failed.incrementAndGet();
    windowFailed.incrementAndGet();
    windowFailure.set(String.valueOf(e.getMessage()));
    scheduleReport();
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
                running.decrementAndGet();
              }
            });
  }

  private void expire(Process p) {
    if (!p.isAlive()) {
      return;
    }
    timedOut.incrementAndGet();
    windowTimedOut.incrementAndGet();
    scheduleReport();
    destroy(p);
  }

  /** Asks the child and its descendants to end, and kills whatever is left after a grace period. */
  void destroy(Process p) {
    List<ProcessHandle> tree;
    try {
      tree = p.descendants().toList();
    } catch (RuntimeException e) {
      tree = List.of();
    }
    p.destroy(); // the shell first, so it cannot go on with its script when a child it waits for
    // ends
    tree.forEach(ProcessHandle::destroy);
    List<ProcessHandle> all = tree;
    try {
      timer.schedule(
          () -> {
            all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            if (p.isAlive()) {
              p.destroyForcibly();
            }
          },
          KILL_GRACE.toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      p.destroyForcibly();
    }
  }

  // ---------------------------------------------------------------- reporting

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
              + sd
              + (sd == 1 ? " command" : " commands")
              + " dropped in the last "
              + window
              + " (limits: "
              + limits.describe()
              + ")");
    }
    if (td > 0) {
      emit(
          "twist: "
              + td
              + (td == 1 ? " connection" : " connections")
              + " closed without running the command"
              + " in the last "
              + window
              + " (limits: "
              + limits.describe()
              + ")");
    }
    if (f > 0) {
      emit(
          "spawn/twist: "
              + f
              + (f == 1 ? " command" : " commands")
              + " could not be started in the last "
              + window
              + ": "
              + windowFailure.getAndSet(null));
    }
    if (to > 0) {
      emit(
          "spawn/twist: "
              + to
              + (to == 1 ? " command" : " commands")
              + " destroyed after running longer than "
              + seconds(limits.maxRuntime())
              + " in the last "
              + window);
    }
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

  private static ThreadFactory daemonThreads(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
