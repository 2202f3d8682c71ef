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
 * kind are printed, then one line counts the rest ({@code ... and 1,484 more like this}), so that a
 * million-line file with a thousand duplicate lines gives a screenful, not a thousand lines. {@code
 * -v} prints every finding in its rule's block.
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
    Map<String, Integer> shown = new HashMap<>();
    for (Finding f : findings) {
      String kind = kind(f);
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

  /**
   * What a finding says, without where and about which words: the same message about other lines,
   * tokens, files or numbers is the same kind.
   */
  static String kind(Finding f) {
    String s = LINE.matcher(f.text()).replaceFirst(":");
    s = QUOTED.matcher(s).replaceAll("\"\"");
    s = PARENTHESISED.matcher(s).replaceAll("()");
    return NUMBER.matcher(s).replaceAll("#");
  }
}
