package dev.tcpwrap.core.tools;

import dev.tcpwrap.core.lint.Finding;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * {@code check}'s findings, readable on a blocklist: the first {@value #SHOWN} findings of each
 * kind are printed, then one line counts the rest ({@code ... and 1,484 more like this}); more than
 * {@value #SHOWN} lines that repeat an earlier rule are one line that counts them. A million-line
 * file with a thousand repeated bans gives a screenful, not a thousand lines. {@code -v} prints
 * every finding in its rule's block.
 */
final class FindingSummary {

  /** Findings of one kind printed before the rest are counted. */
  static final int SHOWN = 3;

  private static final Pattern LINE = Pattern.compile(", line [0-9]+:");
  private static final Pattern QUOTED = Pattern.compile("\"[^\"]*\"|'[^']*'");
  private static final Pattern PARENTHESISED = Pattern.compile("\\([^)]*\\)");
  private static final Pattern NUMBER = Pattern.compile("[0-9]+");

  private FindingSummary() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /** Prints {@code findings} (in line order) to {@code out}, a few of each kind. */
  static void print(List<Finding> findings, Consumer<String> out) {
    Map<String, Integer> total = new HashMap<>();
    for (Finding f : findings) {
      total.merge(kind(f), 1, Integer::sum);
    }
    int duplicates = total.getOrDefault(DUPLICATE, 0);
    Map<String, Integer> shown = new HashMap<>();
    for (Finding f : findings) {
      String kind = kind(f);
      if (kind.equals(DUPLICATE) && duplicates > SHOWN) {
        // a blocklist's repeated bans: one line for all of them
        if (shown.merge(kind, 1, Integer::sum) == 1) {
          out.accept(
              String.format(
                  Locale.ROOT,
                  "%s: %,d lines repeat an earlier rule and are never reached (the first: line %d"
                      + " repeats line %d); remove them (check -v shows each)",
                  head(f),
                  duplicates,
                  f.line(),
                  earlierLine(f)));
        }
        continue;
      }
      int n = shown.merge(kind, 1, Integer::sum);
      int rest = total.get(kind) - SHOWN;
      if (n <= SHOWN || rest == 1) {
        out.accept(f.text()); // one more is shown rather than counted
      }
      if (n == SHOWN && rest > 1) {
        out.accept(String.format(Locale.ROOT, "%s: ... and %,d more like this", head(f), rest));
      }
    }
  }

  /** {@code warning: FILE} of a finding's line, for the line that counts the rest of its kind. */
  private static String head(Finding f) {
    String t = f.text();
    int line = t.indexOf(", line ");
    return line > 0 ? t.substring(0, line) : t.substring(0, Math.max(0, t.indexOf(':')));
  }

  /** The kind of a finding that a rule is an exact repetition of an earlier one. */
  static final String DUPLICATE = "duplicate";

  private static final Pattern NEVER_REACHED =
      Pattern.compile("rule is never reached: line ([0-9]+) \\((.*)\\) matches every request.*");

  /**
   * Whether {@code f} says its rule is never reached because an earlier line has the same daemon
   * and client lists (not a catch-all above it): ReachabilityCheck names the earlier rule's lists.
   */
  private static boolean isDuplicate(Finding f) {
    if (!(f instanceof Finding.Problem p) || f.rule() == null) {
      return false;
    }
    java.util.regex.Matcher m = NEVER_REACHED.matcher(p.diagnostic().message());
    return m.matches() && m.group(2).equals(f.rule().daemons() + ": " + f.rule().clients());
  }

  private static int earlierLine(Finding f) {
    java.util.regex.Matcher m = NEVER_REACHED.matcher(((Finding.Problem) f).diagnostic().message());
    return m.matches() ? Integer.parseInt(m.group(1)) : 0;
  }

  /**
   * What a finding says, without where and about which words: the same message about other lines,
   * tokens, files or numbers is the same kind; repeated rules are {@link #DUPLICATE}.
   */
  static String kind(Finding f) {
    if (isDuplicate(f)) {
      return DUPLICATE;
    }
    String s = LINE.matcher(f.text()).replaceFirst(":");
    s = QUOTED.matcher(s).replaceAll("\"\"");
    s = PARENTHESISED.matcher(s).replaceAll("()");
    return NUMBER.matcher(s).replaceAll("#");
  }
}
