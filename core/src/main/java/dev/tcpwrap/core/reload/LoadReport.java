package dev.tcpwrap.core.reload;

import dev.tcpwrap.core.diag.Diagnostic;
import dev.tcpwrap.core.rules.RuleTable;
import dev.tcpwrap.core.text.RuleText;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * How a (re)loaded rule file is told: its size, the rules added and removed (the first ten of each
 * shown), the lines skipped, why the scan ended early, and the linter's findings. Blocklists have a
 * million lines: rules are compared by a 64-bit hash of their text in sorted arrays, so no {@code
 * Rule} object and no set of a million strings is made for it.
 */
final class LoadReport {

  /** The most lines of one kind shown; the rest are counted. */
  static final int SHOWN = 10;

  private LoadReport() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /** Tells {@code t}, loaded first ({@code before} null) or in place of {@code before}. */
  static void report(
      RuleTable t,
      RuleTable before,
      Consumer<String> log,
      Function<RuleTable, List<Diagnostic>> lint) {
    int rules = t.ruleCount();
    if (before == null) {
      log.accept("loaded " + t.name() + ": " + describe(t, rules));
    } else {
      long[] now = distinctHashes(t);
      long[] was = distinctHashes(before);
      long[] added = minus(now, was);
      long[] removed = minus(was, now);
      log.accept(
          "reloaded "
              + t.name()
              + ": "
              + describe(t, rules)
              + " (+"
              + added.length
              + " -"
              + removed.length
              + ")");
      show(t, added, "  + ", "added", log);
      show(before, removed, "  - ", "removed", log);
    }
    int skipped = 0;
    for (int i = 0; i < t.size(); i++) {
      if (t.isSkipped(i) && skipped++ < SHOWN) {
        RuleTable.Entry e = t.entries().get(i);
        if (e instanceof RuleTable.SkippedEntry s) {
          log.accept(s.warning().toString());
        }
      }
    }
    if (skipped > SHOWN) {
      log.accept("  ... and " + (skipped - SHOWN) + " more skipped lines in " + t.name());
    }
    failure(t, log);
    findings(t.name(), lint.apply(t), log);
  }

  /**
   * Tells {@code t}, which is {@code before} with lines appended to its file: the rules appended
   * are the ones added, none removed ({@code (+k -0), appended}); skipped lines and the linter's
   * findings of the appended lines only, so that a ban costs its line, not a walk of the million
   * before it (findings that relate an appended line to an earlier one wait for a full load).
   */
  static void reportAppended(
      RuleTable t,
      RuleTable before,
      Consumer<String> log,
      Function<RuleTable, List<Diagnostic>> lint) {
    int from = before.size();
    int rules = before.ruleCount();
    int added = 0;
    for (int i = from; i < t.size(); i++) {
      if (!t.isSkipped(i)) {
        added++;
      }
    }
    log.accept(
        "reloaded "
            + t.name()
            + ": "
            + describe(t, rules + added)
            + " (+"
            + added
            + " -0), appended");
    int shown = 0;
    int skipped = 0;
    for (int i = from; i < t.size(); i++) {
      if (t.isSkipped(i)) {
        if (skipped++ < SHOWN && t.entries().get(i) instanceof RuleTable.SkippedEntry s) {
          log.accept(s.warning().toString());
        }
      } else if (shown++ < SHOWN) {
        log.accept("  + " + RuleText.printable(t.ruleText(i)));
      }
    }
    if (added > SHOWN) {
      log.accept("  ... and " + (added - SHOWN) + " more added");
    }
    if (skipped > SHOWN) {
      log.accept("  ... and " + (skipped - SHOWN) + " more skipped lines in " + t.name());
    }
    RuleTable appended =
        new RuleTable(t.name(), t.role(), t.entries().subList(from, t.size()), t.failure(), false);
    failure(t, log);
    findings(appended.name(), lint.apply(appended), log);
  }

  // why the scan ended early, and what that means for the table's role
  private static void failure(RuleTable t, Consumer<String> log) {
    if (t.failure() == null) {
      return;
    }
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

  // the linter's findings, the first SHOWN of them: a blocklist can have thousands of one kind
  private static void findings(String file, List<Diagnostic> found, Consumer<String> log) {
    for (int i = 0; i < found.size() && i < SHOWN; i++) {
      log.accept(found.get(i).toString());
    }
    if (found.size() > SHOWN) {
      log.accept(
          "  ... and "
              + (found.size() - SHOWN)
              + " more findings in "
              + file
              + " (java -jar tcpwrap.jar check lists them)");
    }
  }

  private static String describe(RuleTable t, int rules) {
    if (t.missing()) {
      return "no such file (treated as empty)";
    }
    return rules == 1 ? "1 rule" : rules + " rules";
  }

  // the rules of t whose hash is in `which` (sorted), in file order, the first SHOWN of them
  private static void show(
      RuleTable t, long[] which, String prefix, String what, Consumer<String> log) {
    if (which.length == 0) {
      return;
    }
    Set<Long> shown = new HashSet<>();
    for (int i = 0; i < t.size() && shown.size() < Math.min(SHOWN, which.length); i++) {
      if (!t.isSkipped(i)) {
        long h = t.ruleTextHash(i);
        if (Arrays.binarySearch(which, h) >= 0 && shown.add(h)) {
          log.accept(prefix + RuleText.printable(t.ruleText(i)));
        }
      }
    }
    if (which.length > SHOWN) {
      log.accept("  ... and " + (which.length - SHOWN) + " more " + what);
    }
  }

  private static long[] distinctHashes(RuleTable t) {
    long[] h = new long[t.size()];
    int n = 0;
    for (int i = 0; i < t.size(); i++) {
      if (!t.isSkipped(i)) {
        h[n++] = t.ruleTextHash(i); // hash(ruleText(i)), without making the text
      }
    }
    Arrays.sort(h, 0, n);
    int d = 0;
    for (int i = 0; i < n; i++) {
      if (d == 0 || h[d - 1] != h[i]) {
        h[d++] = h[i];
      }
    }
    return Arrays.copyOf(h, d);
  }

  // the elements of a (sorted, distinct) not in b (sorted, distinct)
  private static long[] minus(long[] a, long[] b) {
    long[] out = new long[a.length];
    int n = 0;
    int j = 0;
    for (long x : a) {
      while (j < b.length && b[j] < x) {
        j++;
      }
      if (j == b.length || b[j] != x) {
        out[n++] = x;
      }
    }
    return Arrays.copyOf(out, n);
  }
}
