package dev.tcpwrap.core.lint;

import java.util.ArrayList;
import java.util.List;

/** How {@code inet_addr()} reads the dotted components of an IPv4 text, for explaining it. */
final class Ipv4Text {

  private Ipv4Text() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /** The dot-separated components, empty ones kept. */
  static String[] parts(String s) {
    return s.split("\\.", -1);
  }

  /**
   * The value C's base-0 {@code strtoul} gives a whole component (0x hex, 0 octal), or -1 if
   * invalid.
   */
  static long value(String c) {
    if (c.isEmpty() || c.length() > 12) {
      return -1;
    }
    int radix = 10;
    String digits = c;
    if (c.length() > 2 && (c.startsWith("0x") || c.startsWith("0X"))) {
      radix = 16;
      digits = c.substring(2);
    } else if (c.length() > 1 && c.charAt(0) == '0') {
      radix = 8;
      digits = c.substring(1);
    }
    long v = 0;
    for (int i = 0; i < digits.length(); i++) {
      char ch = digits.charAt(i);
      int d = ch > 0x7f ? -1 : Character.digit(ch, radix);
      if (d < 0) {
        return -1;
      }
      v = v * radix + d;
    }
    return v;
  }

  /** The decimal reading a person probably meant ({@code 010} = 10), or -1. */
  static long decimal(String c) {
    if (!Texts.digits(c) || c.length() > 10) {
      return -1;
    }
    return Long.parseLong(c);
  }

  /** Components written in octal or hex whose value differs from their decimal reading. */
  static List<String> nonDecimal(String s) {
    List<String> out = new ArrayList<>();
    for (String c : parts(s)) {
      if (c.length() > 1 && c.charAt(0) == '0' && value(c) != decimal(c)) {
        out.add(c);
      }
    }
    return out;
  }

  /** "010 is octal, 0x0a is hex". */
  static String describe(List<String> odd) {
    StringBuilder sb = new StringBuilder();
    for (String c : odd) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      long v = value(c);
      sb.append(Texts.t(c))
          .append(
              c.length() > 2 && (c.charAt(1) == 'x' || c.charAt(1) == 'X')
                  ? " is hex"
                  : v < 0 ? " is not a valid octal number" : " is octal");
    }
    return sb.toString();
  }

  /**
   * The text with every component read as decimal ({@code 10.0.0.010} as {@code 10.0.0.10}), or
   * null.
   */
  static String asDecimal(String s) {
    String[] p = parts(s);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < p.length; i++) {
      long v = decimal(p[i]);
      if (v < 0 || v > 255) {
        return null;
      }
      if (i > 0) {
        sb.append('.');
      }
      sb.append(v);
    }
    return sb.toString();
  }

  /** Whether all four components read 255 (the text is {@code INADDR_NONE}). */
  static boolean allOnes(String s) {
    String[] p = parts(s);
    if (p.length != 4) {
      return false;
    }
    for (String c : p) {
      if (value(c) != 255) {
        return false;
      }
    }
    return true;
  }

  /**
   * A dotted decimal text with fewer than four components, padded with zeros ({@code 10.0.0} as
   * {@code 10.0.0.0}).
   */
  static String padded(String s) {
    String t = s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    String[] p = parts(t);
    if (p.length >= 4) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 4; i++) {
      if (i > 0) {
        sb.append('.');
      }
      if (i < p.length) {
        long v = decimal(p[i]);
        if (v < 0 || v > 255) {
          return null;
        }
        sb.append(v);
      } else {
        sb.append('0');
      }
    }
    return sb.toString();
  }
}
