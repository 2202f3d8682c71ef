package dev.tcpwrap.core.net;

/**
 * IPv4 text forms exactly as libwrap reads them: glibc {@code inet_addr()} (octal, hex and short
 * forms) behind libwrap's {@code dot_quad_addr()} (which insists on four dot-separated runs).
 */
public final class Inet4 {

  /** {@code INADDR_NONE}: both "not an address" and 255.255.255.255, as in C. */
  public static final long NONE = 0xffffffffL;

  private Inet4() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /**
   * libwrap {@code dot_quad_addr()}: {@link #inetAddr} if the text has exactly four runs of
   * non-dots.
   */
  public static long dotQuadAddr(String s) {
    int runs = 0;
    boolean inRun = false;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '.') {
        inRun = false;
      } else if (!inRun) {
        inRun = true;
        runs++;
      }
    }
    return runs == 4 ? inetAddr(s) : NONE;
  }

  /**
   * glibc {@code inet_addr()}: the address as an unsigned 32-bit value (host order), or {@link
   * #NONE}.
   */
  public static long inetAddr(String s) {
    long[] parts = new long[4];
    int count = 0;
    int i = 0;
    long val;
    boolean digit;
    while (true) {
      if (i >= s.length() || !Character.isDigit(s.charAt(i)) || s.charAt(i) > '9') {
        return NONE;
      }
      CNumbers.Parsed p = CNumbers.strtol(s, i, 0, false);
      if (p.value == -1L || Long.compareUnsigned(p.value, 0xffffffffL) > 0) {
        return NONE;
      }
      val = p.value;
      digit = p.end != i;
      i = p.end;
      if (i < s.length() && s.charAt(i) == '.') {
        if (count > 2 || val > 0xff) {
          return NONE;
        }
        parts[count++] = val;
        i++;
      } else {
        break;
      }
    }
    if (i < s.length() && !(s.charAt(i) < 128 && CNumbers.isSpace(s.charAt(i)))) {
      return NONE;
    }
    if (!digit) {
      return NONE;
    }
    long[] max = {0xffffffffL, 0xffffffL, 0xffffL, 0xffL};
    if (val > max[count]) {
      return NONE;
    }
    long result = val;
    for (int k = 0; k < count; k++) {
      result |= parts[k] << (24 - 8 * k);
    }
    return result;
  }

  /**
   * glibc {@code inet_pton(AF_INET)}: strict dotted decimal, four parts, no leading zeros. Returns
   * the address or -1.
   */
  public static long ptonStrict(String s, int from, int to) {
    long result = 0;
    int octets = 0;
    boolean sawDigit = false;
    int cur = 0;
    for (int i = from; i < to; i++) {
      char ch = s.charAt(i);
      if (ch >= '0' && ch <= '9') {
        if (sawDigit && cur == 0) {
          return -1;
        }
        cur = cur * 10 + (ch - '0');
        if (cur > 255) {
          return -1;
        }
        if (!sawDigit) {
          if (++octets > 4) {
            return -1;
          }
          sawDigit = true;
        }
      } else if (ch == '.' && sawDigit) {
        if (octets == 4) {
          return -1;
        }
        result = (result << 8) | cur;
        cur = 0;
        sawDigit = false;
      } else {
        return -1;
      }
    }
    if (octets < 4) {
      return -1;
    }
    return (result << 8) | cur;
  }

  /** The 32-bit mask of a prefix length from 0 to 32. */
  public static long prefixMask(int len) {
    return (0xffffffffL << (32 - len)) & 0xffffffffL;
  }

  /** Canonical dotted-quad text of a 32-bit address. */
  public static String format(long addr) {
    return ((addr >>> 24) & 0xff)
        + "."
        + ((addr >>> 16) & 0xff)
        + "."
        + ((addr >>> 8) & 0xff)
        + "."
        + (addr & 0xff);
  }
}
