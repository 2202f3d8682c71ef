package dev.tcpwrap.core.net;

/**
 * The C library's number parsers, reproduced to the letter.
 *
 * <p>libwrap validates ports, CIDR lengths and option values with {@code atoi()} and {@code
 * sscanf()}, whose quirks (leading signs, trailing junk, silent truncation) decide verdicts. Java's
 * parsers differ, so the engine uses these instead wherever libwrap uses the C ones.
 */
public final class CNumbers {

  private CNumbers() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /** C {@code isspace()} in the "C" locale. */
  public static boolean isSpace(int c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
  }

  /**
   * {@code atoi(s)}: glibc's {@code (int) strtol(s, NULL, 10)}, i.e. clamped to long, then
   * truncated.
   */
  public static int atoi(String s) {
    Parsed p = strtol(s, 0, 10, true);
    return (int) p.value;
  }

  /**
   * {@code sscanf(s, "%u%c", &u, &c) == 1}: the whole string (after optional white space) is one
   * unsigned number. Returns the value as C would store it in an {@code unsigned int}, or -1 when
   * the conversion does not give exactly one item.
   */
  public static long scanUnsignedOnly(String s) {
    return scanUnsignedOnly(s, 10);
  }

  /** {@code sscanf(s, "%d%c", &i, &c) == 1}: the whole string is one int. Null when it is not. */
  public static Integer scanIntOnly(String s) {
    Parsed p = strtol(s, 0, 10, true);
    if (!p.whole(s)) {
      return null;
    }
    return (int) p.value;
  }

  /**
   * {@code sscanf(s, "%o%c", &u, &c) == 1}: the whole string is one octal number. -1 when it is
   * not.
   */
  public static long scanOctalOnly(String s) {
    return scanUnsignedOnly(s, 8);
  }

  /**
   * {@code %u} and {@code %o} store into an {@code unsigned int}, so the value wraps to 32 bits.
   */
  private static long scanUnsignedOnly(String s, int base) {
    Parsed p = strtol(s, 0, base, false);
    if (!p.whole(s)) {
      return -1;
    }
    return p.value & 0xffffffffL;
  }

  /**
   * Result of a strtol/strtoul scan: the value, where it stopped, and whether any digit was seen.
   */
  static final class Parsed {
    final long value;
    final int end;
    final boolean digits;

    Parsed(long value, int end, boolean digits) {
      this.value = value;
      this.end = end;
      this.digits = digits;
    }

    /** The {@code %c} of {@code "%d%c"} found nothing: the number is all of {@code s}. */
    boolean whole(String s) {
      return digits && end == s.length();
    }
  }

  /**
   * strtol (signed) or strtoul (unsigned) from {@code start}. Base 0 means C prefixes (0x, 0).
   * Overflow clamps as glibc does: LONG_MIN/LONG_MAX for strtol, ULONG_MAX (all ones) for strtoul.
   */
  static Parsed strtol(String s, int start, int base, boolean signed) {
    int i = start;
    int n = s.length();
    while (i < n && isSpace(s.charAt(i))) {
      i++;
    }
    boolean negative = false;
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      negative = s.charAt(i) == '-';
      i++;
    }
    if ((base == 0 || base == 16)
        && i + 1 < n
        && s.charAt(i) == '0'
        && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')
        && i + 2 < n
        && Character.digit(s.charAt(i + 2), 16) >= 0) {
      i += 2;
      base = 16;
    } else if (base == 0) {
      base = i < n && s.charAt(i) == '0' ? 8 : 10;
    }
    int digitsStart = i;
    java.math.BigInteger acc = java.math.BigInteger.ZERO;
    java.math.BigInteger b = java.math.BigInteger.valueOf(base);
    while (i < n) {
      int d = digitValue(s.charAt(i));
      if (d < 0 || d >= base) {
        break;
      }
      acc = acc.multiply(b).add(java.math.BigInteger.valueOf(d));
      i++;
    }
    if (i == digitsStart) {
      return new Parsed(0, start, false);
    }
    long value;
    if (signed) {
      java.math.BigInteger v = negative ? acc.negate() : acc;
      if (v.bitLength() >= 64) {
        value = v.signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
      } else {
        value = v.longValue();
      }
    } else {
      if (acc.bitLength() > 64) {
        value = -1L; // ULONG_MAX
      } else {
        value = negative ? -acc.longValue() : acc.longValue();
      }
    }
    return new Parsed(value, i, true);
  }

  private static int digitValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'Z') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
