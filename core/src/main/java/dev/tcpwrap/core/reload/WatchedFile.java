package dev.tcpwrap.core.reload;

import dev.tcpwrap.core.files.FileRead;
import dev.tcpwrap.core.files.FileStamp;
import dev.tcpwrap.core.files.RuleFileReader;
import dev.tcpwrap.core.rules.RuleTable;
import dev.tcpwrap.core.rules.RuleTableLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * One rule file and what was last made of it. A new version is taken only once it is quiet: read
 * whole with the same stamp before and after ({@link RuleFileReader}), and unchanged {@link
 * RuleFiles#SETTLE} after its last modification ({@link RuleFiles#SHRINK_SETTLE} if it shrank in
 * place), so a file being written in place (truncate, then write) is not loaded empty or
 * half-written. A read that fails for a reason that says nothing about the file keeps the rules in
 * force and is tried again at every look; each problem is logged once, and so is its end.
 */
final class WatchedFile {
  private final Path path;
  private final RuleTable.Role role;
  private final Consumer<String> log;
  private FileStamp loaded; // what the rules in force were read from; null: none yet
  private String problem; // the problem last logged, or null
  private FileStamp problemStamp; // the file as it was when the problem was seen
  private long changingSinceNanos; // 0: not changing
  private RuleTable loadedTable; // the table made of what `loaded` describes, or null
  private long loadedCheck; // checksum of the bytes loadedTable was parsed from
  private boolean appended; // whether the last table reloaded() gave was an append
  int appends; // the reloads taken as appends (for tests)

  WatchedFile(Path path, RuleTable.Role role, Consumer<String> log) {
    this.path = path;
    this.role = role;
    this.log = log;
  }

  /** The table at start: what can be read now, libwrap's consequences if nothing can. */
  RuleTable firstLoad() {
    FileRead read = RuleFileReader.read(path);
    for (int i = 0; i < 20 && read.outcome() == FileRead.Outcome.CHANGING; i++) {
      pause(RuleFiles.SETTLE.toMillis() / 2);
      read = RuleFileReader.read(path);
    }
    return taken(read, FileStamp.of(path));
  }

  /** A new table if the file changed and can be taken now, else null (keep the one in force). */
  RuleTable reloaded() throws InterruptedException {
    FileStamp now = FileStamp.of(path);
    if (loaded != null && now.sameAs(loaded)) {
      problemOver();
      return null;
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
                + "; the rules read before stay in force, trying again");
        return null;
      default:
        break;
    }
    changingSinceNanos = 0;
    RuleTable t = appendedTo(read);
    appended = t != null;
    return appended ? t : taken(read, now);
  }

  /** Whether the last table {@link #reloaded()} gave is the one before with lines appended. */
  boolean appended() {
    return appended;
  }

  /**
   * The table in force continued by the lines appended to its file, when that is all that changed
   * (a ban): the same file (inode, real path), grown, its first bytes those loaded (checked), and
   * the table in force ended cleanly at a line boundary ({@link RuleTableLoader#append}); else null
   * (a full reload).
   */
  private RuleTable appendedTo(FileRead read) {
    if (read.outcome() != FileRead.Outcome.READ || loaded == null || loadedTable == null) {
      return null;
    }
    FileStamp s = read.stamp();
    byte[] c = read.content();
    if (!loaded.exists()
        || !Objects.equals(s.fileKey(), loaded.fileKey())
        || !Objects.equals(s.realPath(), loaded.realPath())
        || c.length <= loaded.size()) {
      return null;
    }
    int n = (int) loaded.size();
    Check check = new Check();
    if (check.update(c, 0, n) != loadedCheck) {
      return null; // the part loaded was rewritten
    }
    RuleTable t = RuleTableLoader.append(loadedTable, n, c);
    if (t == null) {
      return null;
    }
    loaded = s;
    loadedTable = t;
    loadedCheck = check.update(c, n, c.length - n);
    problemOver();
    appends++;
    return t;
  }

  /** Two independent 32-bit CRCs of {@code b[0, n)}: a change of the bytes loaded shows. */
  private static long check(byte[] b, int n) {
    return new Check().update(b, 0, n);
  }

  /** Two independent 32-bit CRCs (64 bits) of the bytes given so far. */
  private static final class Check {
    private final CRC32C c = new CRC32C();
    private final CRC32 d = new CRC32();

    long update(byte[] b, int from, int count) {
      c.update(b, from, count);
      d.update(b, from, count);
      return c.getValue() << 32 | d.getValue();
    }
  }

  // the table for a read that is final: the file's content, missing, or libwrap's consequences
  private RuleTable taken(FileRead read, FileStamp now) {
    RuleTable t = RuleTableLoader.load(path.toString(), role, read);
    loadedTable = null;
    if (read.outcome() == FileRead.Outcome.READ) {
      loaded = read.stamp();
      if (read.stamp().size() == read.content().length) {
        loadedTable = t;
        loadedCheck = check(read.content(), read.content().length);
      }
      problemOver();
    } else if (read.outcome() == FileRead.Outcome.MISSING) {
      loaded = FileStamp.MISSING;
      problemOver();
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
    Thread.sleep(RuleFiles.SETTLE.toMillis());
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
    return shrankInPlace ? RuleFiles.SHRINK_SETTLE : RuleFiles.SETTLE;
  }

  private RuleTable changing() {
    long now = System.nanoTime();
    if (changingSinceNanos == 0) {
      changingSinceNanos = now;
    } else if (now - changingSinceNanos > RuleFiles.STILL_CHANGING.toNanos()) {
      notice(
          "warning: "
              + path
              + " has not stopped changing for "
              + RuleFiles.STILL_CHANGING.toSeconds()
              + " s; the rules read before stay in force");
    }
    return null;
  }

  // logs that the problem last logged is over, if there was one
  private void problemOver() {
    if (problem != null) {
      log.accept(path + " read again; the problem is over: " + problem);
      problem = null;
      problemStamp = null;
    }
  }

  // logs a problem that lasts until the file reads again, once; tried again at every look
  private void notice(String line) {
    if (!line.equals(problem)) {
      log.accept(line);
      problem = line;
    }
    problemStamp = null;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
