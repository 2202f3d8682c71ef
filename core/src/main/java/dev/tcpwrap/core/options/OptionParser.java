package dev.tcpwrap.core.options;

import dev.tcpwrap.core.net.CNumbers;
import dev.tcpwrap.core.text.RuleText;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses an options field ({@code : option : option ...}) as libwrap's {@code process_options()}
 * and the option functions validate it: fields split at unescaped {@code :} ({@code \:} is a
 * literal colon), blanks trimmed, name and value split at the first blank or {@code =} (exactly one
 * {@code =} is ignored).
 *
 * <p>libwrap checks values only when a rule matches; here everything is checked once, at load, with
 * the same messages, and the first error is kept for when the rule matches.
 */
public final class OptionParser {

  private static final String WHITESPACE = " \t\r\n";
  private static final String WHITESPACE_EQ = "= \t\r\n";

  static final Set<String> FACILITIES =
      Set.of(
          "kern", "user", "mail", "daemon", "auth", "lpr", "news", "uucp", "cron", "local0",
          "local1", "local2", "local3", "local4", "local5", "local6", "local7");
  static final Set<String> LEVELS =
      Set.of("emerg", "alert", "crit", "err", "warning", "notice", "info", "debug");

  private OptionParser() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /** Parses the text after the second {@code :} of a rule (including its final newline). */
  public static OptionList parse(String field) {
    List<String> fields = fields(field);
    List<Option> options = new ArrayList<>();
    for (int i = 0; i < fields.size(); i++) {
      String opt = RuleText.chop(fields.get(i));
      boolean hasNext = i + 1 < fields.size();
      int v = indexOfAny(opt, WHITESPACE_EQ, 0);
      String key;
      String value = null;
      if (v < opt.length()) {
        key = opt.substring(0, v);
        int j = v;
        if (opt.charAt(j) != '=') {
          j++;
          j = skip(opt, j, WHITESPACE);
        }
        if (j < opt.length() && opt.charAt(j) == '=') {
          j++;
          j = skip(opt, j, WHITESPACE);
        }
        value = j < opt.length() ? opt.substring(j) : null;
      } else {
        key = opt;
      }
      if (key.isEmpty()) {
        return new OptionList(List.copyOf(options), "missing option name");
      }
      OptionKind kind = OptionKind.lookup(key);
      if (kind == null) {
        // the rule's bytes as they are: whoever prints the message escapes it, once
        return new OptionList(List.copyOf(options), "bad option name: \"" + key + "\"");
      }
      if (value == null && kind.needsValue()) {
        return new OptionList(List.copyOf(options), "option \"" + key + "\" requires value");
      }
      if (value != null && !kind.permitsValue()) {
        return new OptionList(List.copyOf(options), "option \"" + key + "\" requires no value");
      }
      if (hasNext && kind.mustBeLast()) {
        return new OptionList(List.copyOf(options), "option \"" + key + "\" must be at end");
      }
      String error = checkValue(kind, value);
      if (error != null) {
        return new OptionList(List.copyOf(options), error);
      }
      options.add(new Option(kind, key, value));
    }
    return new OptionList(List.copyOf(options), null);
  }

  /** The option functions' own value checks; null when the value is fine. */
  static String checkValue(OptionKind kind, String value) {
    String shown = value == null ? "" : value; // escaped where printed
    switch (kind) {
      case UMASK:
        {
          long m = CNumbers.scanOctalOnly(value);
          return m < 0 || (m & 0777) != m ? "bad umask value: \"" + shown + "\"" : null;
        }
      case LINGER:
        {
          Integer l = CNumbers.scanIntOnly(value);
          return l == null || l < 0 ? "bad linger value: \"" + shown + "\"" : null;
        }
      case NICE:
        return value != null && CNumbers.scanIntOnly(value) == null
            ? "bad nice value: \"" + shown + "\""
            : null;
      case RFC931:
        {
          // sscanf(value, "%d%c") == 1 && timeout > 0: trailing text ("5x", "5 # comment") is an
          // error
          Integer t = value == null ? null : CNumbers.scanIntOnly(value);
          return value != null && (t == null || t <= 0)
              ? "bad rfc931 timeout: \"" + shown + "\""
              : null;
        }
      case SEVERITY:
        return checkSeverity(value);
      default:
        return null;
    }
  }

  private static String checkSeverity(String value) {
    int dot = RuleText.splitAt(value, 0, '.');
    if (dot >= 0) {
      String fac = value.substring(0, dot);
      if (!contains(FACILITIES, fac)) {
        return "bad syslog facility or severity: \"" + fac + "\"";
      }
      String level = value.substring(dot + 1);
      return contains(LEVELS, level) ? null : "bad syslog facility or severity: \"" + level + "\"";
    }
    return contains(LEVELS, value) ? null : "bad syslog facility or severity: \"" + value + "\"";
  }

  private static boolean contains(Set<String> names, String s) {
    for (String n : names) {
      if (RuleText.equalsIgnoreCase(n, s)) {
        return true;
      }
    }
    return false;
  }

  /**
   * libwrap's {@code get_field()} loop: fields at unescaped colons, {@code \:} becomes {@code :}.
   */
  static List<String> fields(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    if (s.isEmpty()) {
      return out;
    }
    while (true) {
      StringBuilder f = new StringBuilder();
      boolean ended = false;
      while (i < s.length()) {
        char c = s.charAt(i);
        if (c == ':') {
          i++;
          ended = true;
          break;
        }
        if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == ':') {
          i++;
        }
        f.append(s.charAt(i++));
      }
      out.add(f.toString());
      if (!ended || i >= s.length()) {
        return out;
      }
    }
  }

  private static int indexOfAny(String s, String chars, int from) {
    for (int i = from; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return s.length();
  }

  private static int skip(String s, int i, String chars) {
    while (i < s.length() && chars.indexOf(s.charAt(i)) >= 0) {
      i++;
    }
    return i;
  }
}
