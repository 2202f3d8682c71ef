package dev.tcpwrap.core.text;

import dev.tcpwrap.core.net.CNumbers;
import java.util.ArrayList;
import java.util.List;

/**
 * The string primitives libwrap builds its language from: bracket-aware {@code split_at}, {@code
 * strtok}, {@code chop_string}.
 *
 * <p>On the ground floor (needing nothing of core but the C character classes of {@code net})
 * because the rule parser, the matchers, the options, the option actions and the tools all need
 * them: in {@code rules} they made a package cycle.
 */
public final class RuleText {

  /** The list separators of hosts_access(5): comma, blank, tab, CR, LF. */
  public static final String LIST_SEPARATORS = ", \t\r\n";

  private RuleText() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /**
   * Debian {@code split_at()}: the index of the first {@code delimiter} outside square brackets,
   * counting from {@code from}, or -1. The bracket count is naive (it may go negative), as in
   * libwrap.
   */
  public static int splitAt(String s, int from, char delimiter) {
    int bracket = 0;
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '[') {
        bracket++;
      } else if (c == ']') {
        bracket--;
      } else if (bracket == 0 && c == delimiter) {
        return i;
      }
    }
    return -1;
  }

  /** {@code strtok(s, LIST_SEPARATORS)} over the whole string: the non-empty tokens in order. */
  public static List<String> tokens(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = s.length();
    while (i < n) {
      while (i < n && LIST_SEPARATORS.indexOf(s.charAt(i)) >= 0) {
        i++;
      }
      int start = i;
      while (i < n && LIST_SEPARATORS.indexOf(s.charAt(i)) < 0) {
        i++;
      }
      if (i > start) {
        out.add(s.substring(start, i));
      }
    }
    return out;
  }

  /**
   * libwrap's {@code chop_string()}: {@code s} without C white space at either end. libwrap chops
   * an option when it parses it and a {@code spawn} or {@code twist} command again after {@code %}
   * expansion, which can add white space at the ends.
   */
  public static String chop(String s) {
    int a = 0;
    int b = s.length();
    while (a < b && CNumbers.isSpace(s.charAt(a))) {
      a++;
    }
    while (b > a && CNumbers.isSpace(s.charAt(b - 1))) {
      b--;
    }
    return s.substring(a, b);
  }

  /** C {@code strcasecmp(a, b) == 0} in the "C" locale: only ASCII letters fold. */
  public static boolean equalsIgnoreCase(String a, String b) {
    if (a.length() != b.length()) {
      return false;
    }
    return regionMatches(a, 0, b, 0, a.length());
  }

  /** C {@code strncasecmp} over {@code len} characters of both strings at the given offsets. */
  public static boolean regionMatches(String a, int aFrom, String b, int bFrom, int len) {
    if (aFrom + len > a.length() || bFrom + len > b.length()) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      if (lower(a.charAt(aFrom + i)) != lower(b.charAt(bFrom + i))) {
        return false;
      }
    }
    return true;
  }

  /** ASCII-only lower case, as C's {@code tolower} in the "C" locale. */
  public static char lower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
  }

  /**
   * Printable form of hostile text for diagnostics: control and non-ASCII bytes as {@code \xNN}.
   */
  public static String printable(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c >= 0x7f) {
        sb.append(String.format("\\x%02x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
