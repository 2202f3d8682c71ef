package dev.tcpwrap.core.reload;

import dev.tcpwrap.core.access.AccessControl;
import dev.tcpwrap.core.access.FileMatchEnvironment;
import dev.tcpwrap.core.diag.Diagnostic;
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
import java.util.Set;
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

  private final Path allowPath;
  private final Path denyPath;
  private final Duration interval;
  private final Consumer<String> log;
  private final Function<RuleTable, List<Diagnostic>> lint;
  private volatile AccessControl current;
  private FileStamp allowStamp;
  private FileStamp denyStamp;
  private Thread thread;
  private volatile boolean closed;
  private volatile List<String> daemons = List.of();

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
    this.allowPath = allowPath;
    this.denyPath = denyPath;
    this.interval = interval;
    this.log = log;
    this.lint = lint;
    this.allowStamp = FileStamp.of(allowPath);
    this.denyStamp = FileStamp.of(denyPath);
    RuleTable allow = load(allowPath, RuleTable.Role.ALLOW);
    RuleTable deny = load(denyPath, RuleTable.Role.DENY);
    this.current = AccessControl.of(allow, deny, FileMatchEnvironment.system());
  }

  /**
   * Logs the files as first loaded: their size and every diagnostic (the linter included). Kept out
   * of the constructor so that a starting JVM need not wait for it: {@link #start()} does it first
   * thing on its own thread; without {@link #start()}, call it directly.
   */
  public void reportLoaded() {
    AccessControl c = current;
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

  /** The rules in force now. */
  public AccessControl current() {
    return current;
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
    FileStamp a = settled(allowPath, FileStamp.of(allowPath));
    FileStamp d = settled(denyPath, FileStamp.of(denyPath));
    boolean allowChanged = !a.sameAs(allowStamp);
    boolean denyChanged = !d.sameAs(denyStamp);
    if (!allowChanged && !denyChanged) {
      return false;
    }
    AccessControl old = current;
    RuleTable allow = allowChanged ? load(allowPath, RuleTable.Role.ALLOW) : old.allowTable();
    RuleTable deny = denyChanged ? load(denyPath, RuleTable.Role.DENY) : old.denyTable();
    AccessControl next = AccessControl.of(allow, deny, FileMatchEnvironment.system());
    prepare(next);
    current = next;
    allowStamp = a;
    denyStamp = d;
    if (allowChanged) {
      report(allow, old.allowTable());
    }
    if (denyChanged) {
      report(deny, old.denyTable());
    }
    return true;
  }

  /** Waits until two looks at the file a little apart agree, for at most a second. */
  private FileStamp settled(Path p, FileStamp first) throws InterruptedException {
    FileStamp last = first;
    FileStamp known = p == allowPath ? allowStamp : denyStamp;
    if (last.sameAs(known)) {
      return last;
    }
    for (int i = 0; i < 10; i++) {
      Thread.sleep(50);
      FileStamp again = FileStamp.of(p);
      if (again.sameAs(last)) {
        return again;
      }
      last = again;
    }
    return last;
  }

  private static RuleTable load(Path p, RuleTable.Role role) {
    return RuleTableLoader.load(p, role);
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
