package dev.tcpwrap.core.match;

import dev.tcpwrap.core.text.RuleText;

/**
 * Debian's {@code *}/{@code ?} wildcards ({@code match_pattern_ylo}): {@code *} is any run of
 * characters, {@code ?} exactly one, case-insensitive, no classes or escapes.
 *
 * <p>libwrap backtracks recursively, which takes exponential time on hostile patterns such as
 * {@code *a*a*a*a*b}; this greedy two-pointer match gives the same answers in O(n·m).
 */
final class Glob {

  private Glob() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  static boolean matches(String pattern, String s) {
    int p = 0;
    int i = 0;
    int starP = -1;
    int starI = 0;
    while (i < s.length()) {
      if (p < pattern.length() && pattern.charAt(p) == '*') {
        starP = p++;
        starI = i;
      } else if (p < pattern.length()
          && (pattern.charAt(p) == '?'
              || RuleText.lower(pattern.charAt(p)) == RuleText.lower(s.charAt(i)))) {
        p++;
        i++;
      } else if (starP >= 0) {
        p = starP + 1;
        i = ++starI;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }
}
