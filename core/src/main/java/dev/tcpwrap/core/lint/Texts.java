package dev.tcpwrap.core.lint;

import dev.tcpwrap.core.text.RuleText;
import java.util.List;

/**
 * Formatting helpers for messages. Findings carry the rule file's text as it is; whoever prints
 * them escapes it, once: {@code check} with {@link RuleText#printable}, the agent's log with its
 * own escaping. (Escaping here as well printed {@code \\x91} in the agent's log where {@code \x91}
 * was meant.)
 */
final class Texts {

  private Texts() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /** A token as it appears in a message: as it is, for the printer to escape. */
  static String t(String token) {
    return token;
  }

  /** A token in double quotes. */
  static String q(String token) {
    return "\"" + t(token) + "\"";
  }

  /** Up to {@code max} quoted words, comma-separated, with "..." when there are more. */
  static String quoted(List<String> words, int max) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < words.size() && i < max; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(q(words.get(i)));
    }
    if (words.size() > max) {
      sb.append(", ...");
    }
    return sb.toString();
  }

  /** Whether the text consists of ASCII digits only (and is not empty). */
  static boolean digits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** libwrap's {@code !NOT_INADDR(tok)}: only digits, dots and slashes. */
  static boolean numeric(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9') && c != '.' && c != '/') {
        return false;
      }
    }
    return true;
  }
}
