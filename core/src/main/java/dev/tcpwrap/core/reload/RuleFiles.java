package dev.tcpwrap.core.reload;

import dev.tcpwrap.core.access.AccessControl;
import dev.tcpwrap.core.access.FileMatchEnvironment;
import dev.tcpwrap.core.diag.Diagnostic;
import dev.tcpwrap.core.files.FileRead;
import dev.tcpwrap.core.files.FileStamp;
import dev.tcpwrap.core.files.RuleFileReader;
import dev.tcpwrap.core.rules.Rule;
import dev.tcpwrap.core.rules.RuleTable;
import dev.tcpwrap.core.rules.RuleTableLoader;
import dev.tcpwrap.core.text.RuleText;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
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

  /** How long a file may keep changing before that is reported. */
  static final Duration STILL_CHANGING = Duration.ofSeconds(5);

  private final Path allowPath;
  private final Path denyPath;
  private final Duration interval;
  private final Consumer<String> log;
  private final Function<RuleTable, List<Diagnostic>> lint;
  private volatile AccessControl current;
  private final Watched allowFile;
  private final Watched denyFile;
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
    this.allowFile = new Watched(allowPath, RuleTable.Role.ALLOW);
    this.denyFile = new Watched(denyPath, RuleTable.Role.DENY);
    if (loadNow) {
      this.current =
          AccessControl.of(
              allowFile.firstLoad(), denyFile.firstLoad(), FileMatchEnvironment.system());
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

  private void loadFirst() {
    try {
      AccessControl c =
          AccessControl.of(
              allowFile.firstLoad(), denyFile.firstLoad(), FileMatchEnvironment.system());
      prepare(c);
      try {
        beforeSwap.accept(c);
      } catch (RuntimeException e) {
        log.accept("warning: a reload listener failed: " + e);
      }
      current = c;
    } catch (RuntimeException | Error e) {
      loadFailure = e;
      log.accept("error: the rule files could not be loaded: " + e);
    } finally {
      firstLoaded.countDown();
    }
  }

  /**
   * Logs the files as first loaded: their size and every diagnostic (the linter included). Kept out
   * of the constructor so that a starting JVM need not wait for it: {@link #start()} does it first
   * thing on its own thread; without {@link #start()}, call it directly.
   */
  public void reportLoaded() {
    AccessControl c = current();
    report(c.allowTable(), null);
    report(c.denyTable(), null);
    prepare(c); // after the report: the start-up lines come first
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
    try {
      reportLoaded();
    } catch (RuntimeException | Error e) {
      log.accept("could not report the rule files: " + e);
    }
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
    RuleTable allow = allowFile.reloaded();
    RuleTable deny = denyFile.reloaded();
    if (allow == null && deny == null) {
      return false;
    }
    AccessControl old = current;
    AccessControl next =
        AccessControl.of(
            allow != null ? allow : old.allowTable(),
            deny != null ? deny : old.denyTable(),
            FileMatchEnvironment.system());
    prepare(next);
    try {
      beforeSwap.accept(next);
    } catch (RuntimeException e) {
      log.accept("warning: a reload listener failed: " + e);
    }
    current = next;
    if (allow != null) {
      report(allow, old.allowTable());
    }
    if (deny != null) {
      report(deny, old.denyTable());
    }
    return true;
  }

  /**
   * One rule file and what was last made of it. A new version is taken only once it is quiet: read
   * whole with the same stamp before and after ({@link RuleFileReader}), and unchanged {@link
   * #SETTLE} after its last modification ({@link #SHRINK_SETTLE} if it shrank in place), so a file
   * being written in place (truncate, then write) is not loaded empty or half-written. A read that
   * fails for a reason that says nothing about the file keeps the rules in force and is tried again
   * at every look; each problem is logged once, and so is its end.
   */
  private final class Watched {
    private final Path path;
    private final RuleTable.Role role;
    private FileStamp loaded; // what the rules in force were read from; null: none yet
    private String problem; // the problem last logged, or null
    private FileStamp problemStamp; // the file as it was when the problem was seen
    private long changingSinceNanos; // 0: not changing

    Watched(Path path, RuleTable.Role role) {
      this.path = path;
      this.role = role;
    }

    /** The table at start: what can be read now, libwrap's consequences if nothing can. */
    RuleTable firstLoad() {
      FileRead read = RuleFileReader.read(path);
      for (int i = 0; i < 20 && read.outcome() == FileRead.Outcome.CHANGING; i++) {
        pause(SETTLE.toMillis() / 2);
        read = RuleFileReader.read(path);
      }
      return taken(read, FileStamp.of(path));
    }

    /** A new table if the file changed and can be taken now, else null (keep the one in force). */
    RuleTable reloaded() throws InterruptedException {
      FileStamp now = FileStamp.of(path);
      if (loaded != null && now.sameAs(loaded)) {
        return settledProblem(null);
      }
      if (problemStamp != null && now.sameAs(problemStamp)) {
        return null; // the same file with the same problem: already in force and logged
      }
      if (!quiet(now)) {
        return changing();
      }
      FileRead read = RuleFileReader.read(path);
      switch (read.outcome()) {
        case READ:
          if (!quiet(read.stamp())) {
            return changing();
          }
          break;
        case MISSING:
          if (loaded != null && loaded.exists() && !stayedAway()) {
            return changing();
          }
          break;
        case CHANGING:
          return changing();
        case FAILED:
          changingSinceNanos = 0;
          notice(
              "warning: cannot read "
                  + path
                  + ": "
                  + read.reason()
                  + "; the rules read before stay in force, trying again",
              null);
          return null;
        default:
          break;
      }
      changingSinceNanos = 0;
      return taken(read, now);
    }

    // the table for a read that is final: the file's content, missing, or libwrap's consequences
    private RuleTable taken(FileRead read, FileStamp now) {
      RuleTable t = RuleTableLoader.load(path.toString(), role, read);
      if (read.outcome() == FileRead.Outcome.READ) {
        loaded = read.stamp();
        settledProblem(null);
      } else if (read.outcome() == FileRead.Outcome.MISSING) {
        loaded = FileStamp.MISSING;
        settledProblem(null);
      } else {
        // in force as libwrap would have it, and tried again once the file changes
        loaded = null;
        problem = "cannot open " + path + ": " + read.reason();
        problemStamp = read.outcome() == FileRead.Outcome.UNREADABLE ? now : null;
      }
      return t;
    }

    // whether the file has stood still long enough since its last modification (waits up to that)
    private boolean quiet(FileStamp s) throws InterruptedException {
      if (!s.exists()) {
        return true;
      }
      long settle = settleFor(s).toMillis();
      long wait = Math.min(settle - s.ageMillis(), settle);
      if (wait > 0) {
        Thread.sleep(wait);
        return FileStamp.of(path).sameAs(s);
      }
      return true;
    }

    // Deleted for good, or deleted to be created again? Only a directory that stands still for
    // SETTLE (no entry created, deleted or renamed in it) with the file still missing says gone.
    private boolean stayedAway() throws InterruptedException {
      Path parent = path.toAbsolutePath().getParent();
      FileStamp dir = parent == null ? FileStamp.MISSING : FileStamp.of(parent);
      Thread.sleep(SETTLE.toMillis());
      return !FileStamp.of(path).exists() && (parent == null || FileStamp.of(parent).sameAs(dir));
    }

    // A file that shrank in place (same inode) is what a writer leaves between truncating and
    // writing: it must stand still longer before it is believed.
    private Duration settleFor(FileStamp s) {
      boolean shrankInPlace =
          loaded != null
              && loaded.exists()
              && Objects.equals(loaded.fileKey(), s.fileKey())
              && s.size() < loaded.size();
      return shrankInPlace ? SHRINK_SETTLE : SETTLE;
    }

    private RuleTable changing() {
      long now = System.nanoTime();
      if (changingSinceNanos == 0) {
        changingSinceNanos = now;
      } else if (now - changingSinceNanos > STILL_CHANGING.toNanos()) {
        notice(
            "warning: "
                + path
                + " has not stopped changing for "
                + STILL_CHANGING.toSeconds()
                + " s; the rules read before stay in force",
            null);
      }
      return null;
    }

    // logs a problem once; with null, logs that the last one is over
    private RuleTable settledProblem(String next) {
      if (next == null && problem != null) {
        log.accept(path + " read again; the problem is over: " + problem);
        problem = null;
        problemStamp = null;
      }
      return null;
    }

    private void notice(String line, FileStamp stamp) {
      if (!line.equals(problem)) {
        log.accept(line);
        problem = line;
      }
      problemStamp = stamp;
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Logs a (re)loaded table: its size, the rules added and removed, and every diagnostic. */
  private void report(RuleTable t, RuleTable before) {
    List<String> now = texts(t);
    if (before == null) {
      log.accept("loaded " + t.name() + ": " + describe(t, now));
    } else {
      List<String> was = texts(before);
      Set<String> added = new LinkedHashSet<>(now);
      was.forEach(added::remove);
      Set<String> removed = new LinkedHashSet<>(was);
      now.forEach(removed::remove);
      log.accept(
          "reloaded "
              + t.name()
              + ": "
              + describe(t, now)
              + " (+"
              + added.size()
              + " -"
              + removed.size()
              + ")");
      int shown = 0;
      for (String s : added) {
        if (shown++ == 10) {
          log.accept("  ... and " + (added.size() - 10) + " more added");
          break;
        }
        log.accept("  + " + s);
      }
      shown = 0;
      for (String s : removed) {
        if (shown++ == 10) {
          log.accept("  ... and " + (removed.size() - 10) + " more removed");
          break;
        }
        log.accept("  - " + s);
      }
    }
    for (RuleTable.Entry e : t.entries()) {
      if (e instanceof RuleTable.SkippedEntry s) {
        log.accept(s.warning().toString());
      }
    }
    if (t.failure() != null) {
      log.accept(t.failure().toString());
      log.accept(
          t.role() == RuleTable.Role.DENY
              ? "error: "
                  + t.name()
                  + ": cannot be read to its end: every client not allowed by hosts.allow is DENIED"
              : "warning: "
                  + t.name()
                  + ": cannot be read to its end: the rules after the problem are ignored");
    }
    for (Diagnostic d : lint.apply(t)) {
      log.accept(d.toString());
    }
  }

  private static String describe(RuleTable t, List<String> texts) {
    if (t.missing()) {
      return "no such file (treated as empty)";
    }
    return texts.size() == 1 ? "1 rule" : texts.size() + " rules";
  }

  private static List<String> texts(RuleTable t) {
    List<String> out = new ArrayList<>();
    for (RuleTable.Entry e : t.entries()) {
      if (e instanceof RuleTable.RuleEntry r) {
        Rule rule = r.rule();
        out.add(RuleText.printable(rule.text()));
      }
    }
    return out;
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
