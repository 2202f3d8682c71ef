package dev.tcpwrap.core.reload;

import dev.tcpwrap.core.access.AccessControl;
import dev.tcpwrap.core.access.FileMatchEnvironment;
import dev.tcpwrap.core.diag.Diagnostic;
import dev.tcpwrap.core.rules.RuleTable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * hosts.allow and hosts.deny, kept current. tcpd re-reads both files for every connection; a JVM
 * agent cannot afford that on its accept path, so a background thread looks at the files a few
 * times a second and, when one changed, parses it and swaps the new rules in with one volatile
 * write. Accepts never wait for a reload: they keep deciding with the previous rules until the new
 * ones are complete.
 *
 * <p>The first load is reported (sizes, diagnostics) from the watching thread, not at construction.
 *
 * <p>A change is taken up once the file has been stable for a moment ({@code settle}), so an
 * editor's truncate-then-write is not loaded half-written.
 */
public final class RuleFiles implements AutoCloseable {

  /** Default time between looks at the files. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(250);

  /** How long a changed file must stand still before it is read. */
  static final Duration SETTLE = Duration.ofMillis(100);

  /** How long a file that shrank in place must stand still before it is read. */
  static final Duration SHRINK_SETTLE = Duration.ofMillis(500);

  /** The longest a connection waits for the first load of {@link #loadedLater} files. */
  public static final Duration FIRST_LOAD_WAIT = Duration.ofSeconds(60);

  /** A reload (waiting for quiet files included) that takes longer than this is reported. */
  static final Duration SLOW_RELOAD = Duration.ofSeconds(2);

  /** How long a file may keep changing before that is reported. */
  static final Duration STILL_CHANGING = Duration.ofSeconds(5);

  private final Path allowPath;
  private final Path denyPath;
  private final Duration interval;
  private final Consumer<String> log;
  private final Function<RuleTable, List<Diagnostic>> lint;
  private volatile AccessControl current;
  private final WatchedFile allowFile;
  private final WatchedFile denyFile;
  private Thread thread;
  private volatile boolean closed;
  private volatile List<String> daemons = List.of();
  private volatile Consumer<AccessControl> beforeSwap = next -> {};
  private final CountDownLatch firstLoaded = new CountDownLatch(1);
  private volatile Throwable loadFailure;

  /**
   * Loads both files now.
   *
   * @param log receives one line per event (what changed, every diagnostic)
   * @param lint extra diagnostics for a loaded table (the {@code check} findings), or none
   */
  public RuleFiles(
      Path allowPath,
      Path denyPath,
      Duration interval,
      Consumer<String> log,
      Function<RuleTable, List<Diagnostic>> lint) {
    this(allowPath, denyPath, interval, log, lint, true);
  }

  private RuleFiles(
      Path allowPath,
      Path denyPath,
      Duration interval,
      Consumer<String> log,
      Function<RuleTable, List<Diagnostic>> lint,
      boolean loadNow) {
    this.allowPath = allowPath;
    this.denyPath = denyPath;
    this.interval = interval;
    this.log = log;
    this.lint = lint;
    this.allowFile = new WatchedFile(allowPath, RuleTable.Role.ALLOW, log);
    this.denyFile = new WatchedFile(denyPath, RuleTable.Role.DENY, log);
    if (loadNow) {
      this.current = firstLoad();
      firstLoaded.countDown();
    }
  }

  /**
   * Rule files that are loaded by {@link #loadInBackground()}, so that a starting JVM need not wait
   * for a large blocklist: until they are in force, {@link #current()} waits for them.
   */
  public static RuleFiles loadedLater(
      Path allowPath,
      Path denyPath,
      Duration interval,
      Consumer<String> log,
      Function<RuleTable, List<Diagnostic>> lint) {
    return new RuleFiles(allowPath, denyPath, interval, log, lint, false);
  }

  /**
   * Starts the first load of {@link #loadedLater} files on a thread of its own: read, parse,
   * prepare for the daemon names ({@link #prepareFor}), then put in force. Call once.
   */
  public void loadInBackground() {
    Thread t = new Thread(this::loadFirst, "tcpwrap-load");
    t.setDaemon(true);
    t.start();
  }

  private AccessControl firstLoad() {
    return AccessControl.of(
        allowFile.firstLoad(), denyFile.firstLoad(), FileMatchEnvironment.system());
  }

  private void loadFirst() {
    try {
      putInForce(firstLoad());
    } catch (RuntimeException | Error e) {
      loadFailure = e;
      log.accept("error: the rule files could not be loaded: " + e);
    } finally {
      firstLoaded.countDown();
    }
  }

  /**
   * Logs the files as first loaded: their size and every diagnostic (the linter included). Kept out
   * of the constructor so that a starting JVM need not wait for it: {@link #start()} runs it on a
   * thread of its own, beside the watching one; without {@link #start()}, call it directly.
   */
  public void reportLoaded() {
    AccessControl c = current();
    report(c.allowTable(), null);
    report(c.denyTable(), null);
    prepare(c); // after the report: the start-up lines come first
  }

  private void reportLoadedQuietly() {
    try {
      reportLoaded();
    } catch (RuntimeException | Error e) {
      log.accept("could not report the rule files: " + e);
    }
  }

  /**
   * Daemon names to prepare each rule set for ({@link AccessControl#prepare}) before it is put in
   * force (and the first one when it is reported), so that no accepting thread does that work.
   */
  public void prepareFor(Collection<String> daemons) {
    this.daemons = List.copyOf(daemons);
  }

  private void prepare(AccessControl c) {
    for (String d : daemons) {
      c.prepare(d);
    }
  }

  /**
   * Hands each reloaded rule set to {@code listener} on the watching thread just before it is put
   * in force, so that whoever keeps something per rule (the agent's hit counters) prepares for it
   * off the accept path. A failure of the listener is logged and never stops the reload.
   */
  public void beforeSwap(Consumer<AccessControl> listener) {
    this.beforeSwap = Objects.requireNonNull(listener, "listener");
  }

  /**
   * The rules in force now. Before the first load is complete (files {@link #loadedLater}), waits
   * for it, at most {@link #FIRST_LOAD_WAIT}: a connection is never decided on no rules.
   *
   * @throws IllegalStateException if no rules could be loaded (the caller's {@code onerror}
   *     decides)
   */
  public AccessControl current() {
    AccessControl c = current;
    return c != null ? c : awaitFirstLoad();
  }

  /** The rules in force now, or null before the first load is complete; never waits. */
  public AccessControl inForce() {
    return current;
  }

  private AccessControl awaitFirstLoad() {
    try {
      if (!firstLoaded.await(FIRST_LOAD_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(
            "the rule files are not loaded after " + FIRST_LOAD_WAIT.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the rule files");
    }
    AccessControl c = current;
    if (c == null) {
      throw new IllegalStateException("the rule files could not be loaded: " + loadFailure);
    }
    return c;
  }

  /** Starts watching the files on a daemon thread. */
  public synchronized void start() {
    if (thread != null) {
      return;
    }
    thread = new Thread(this::watch, "tcpwrap-reload");
    thread.setDaemon(true);
    thread.start();
  }

  private void watch() {
    // the start-up report runs the linter over every rule (seconds at a million rules): on a
    // thread of its own, so that a ban appended meanwhile is not held up by it
    Thread report = new Thread(this::reportLoadedQuietly, "tcpwrap-load-report");
    report.setDaemon(true);
    report.start();
    while (!closed) {
      try {
        Thread.sleep(interval.toMillis());
        checkNow();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException | Error e) {
        log.accept("reload failed, keeping the rules in force: " + e);
      }
    }
  }

  /** Looks at both files once and reloads the ones that changed; true if anything was reloaded. */
  public synchronized boolean checkNow() throws InterruptedException {
    if (current == null) {
      return false; // the first load is not done: it reads the files as they are then
    }
    long t0 = System.nanoTime();
    RuleTable allow = allowFile.reloaded();
    RuleTable deny = denyFile.reloaded();
    if (allow == null && deny == null) {
      return false;
    }
    AccessControl old = current;
    // the index of a file that did not change is kept, that of one that grew by lines extended
    AccessControl next =
        AccessControl.next(
            old,
            allow != null ? allow : old.allowTable(),
            deny != null ? deny : old.denyTable(),
            FileMatchEnvironment.system());
    putInForce(next);
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    if (ms > SLOW_RELOAD.toMillis()) {
      log.accept(
          "warning: reloading the rule files took "
              + ms
              + " ms (the rules before stayed in force meanwhile)");
    }
    if (allow != null) {
      report(allow, old.allowTable(), allowFile.appended());
    }
    if (deny != null) {
      report(deny, old.denyTable(), denyFile.appended());
    }
    return true;
  }

  // prepared for the daemon names and shown to the listener before any accepting thread sees it
  private void putInForce(AccessControl c) {
    prepare(c);
    try {
      beforeSwap.accept(c);
    } catch (RuntimeException e) {
      log.accept("warning: a reload listener failed: " + e);
    }
    current = c;
  }

  private void report(RuleTable t, RuleTable before) {
    LoadReport.report(t, before, log, lint);
  }

  private void report(RuleTable t, RuleTable before, boolean appended) {
    if (appended) {
      LoadReport.reportAppended(t, before, log, lint);
    } else {
      report(t, before);
    }
  }

  /** The reloads of {@code deny} (else allow) taken as appends; for tests. */
  int appends(boolean deny) {
    return deny ? denyFile.appends : allowFile.appends;
  }

  @Override
  public void close() {
    closed = true;
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t != null) {
      t.interrupt();
    }
  }
}
