package dev.tcpwrap.core.rules;

import dev.tcpwrap.core.net.Inet6;
import java.nio.charset.StandardCharsets;

/**
 * The byte-level fast path of the rule parser: recognises the line shape blocklists are made of,
 * {@code daemon_list : one-address-token}, and reads its client token as an address prefix without
 * making a string or a pattern object.
 *
 * <p>Only forms whose meaning is beyond doubt are taken: canonical decimal IPv4 ({@code a.b.c.d},
 * {@code a.b.c.}, {@code a.b.c.0/24} with no host bits), {@code [v6]} and {@code [v6]/len} without
 * a scope. Everything else (octal parts, {@code net/mask}, names, options, {@code EXCEPT} in the
 * client list, more than one client token) is left to the general parser, so that a compact rule
 * always means what the general parser makes of the same bytes; {@code CompactFormEquivalenceTest}
 * holds the two to that.
 */
final class CompactLine {

  /** {@link #prefix} output: family (4 or 6), prefix length, high and low 64 bits (host bits 0). */
  static final int FAMILY = 0;

  static final int LENGTH = 1;
  static final int HI = 2;
  static final int LO = 3;

  private CompactLine() {}

  /** A list separator of hosts_access(5) other than the newline that ends a line. */
  static boolean isSeparator(byte c) {
    return c == ' ' || c == ',' || c == '\t' || c == '\r';
  }

  /**
   * The end (exclusive) of the daemon field of the line {@code [from, end)}: the first {@code :},
   * or -1 when the field holds anything the fast path leaves to the general parser (brackets, which
   * change where {@code split_at} splits; control and non-ASCII bytes).
   */
  static int daemonFieldEnd(byte[] b, int from, int end) {
    for (int c = from; c < end; c++) {
      byte x = b[c];
      if (x == ':') {
        return c;
      }
      if (x == '[' || x == ']' || x >= 0x7f || (x < 0x20 && x != '\t' && x != '\r')) {
        return -1;
      }
    }
    return -1;
  }

  /**
   * The client token of a compact line {@code [from, end)} whose daemon field ends at {@code
   * colon}: {@code {start, end}}, or null when the client field is not exactly one token.
   */
  static boolean clientToken(byte[] b, int colon, int end, int[] token) {
    int t = colon + 1;
    while (t < end && isSeparator(b[t])) {
      t++;
    }
    int te = t;
    while (te < end && !isSeparator(b[te])) {
      te++;
    }
    if (te == t) {
      return false;
    }
    for (int r = te; r < end; r++) {
      if (!isSeparator(b[r])) {
        return false;
      }
    }
    token[0] = t;
    token[1] = te;
    return true;
  }

  /**
   * Reads {@code b[from, to)} as an address token of one of the compact forms into {@code out}
   * ({@link #FAMILY}, {@link #LENGTH}, {@link #HI}, {@link #LO}); false for any other token.
   */
  static boolean prefix(byte[] b, int from, int to, long[] out) {
    if (from < to && b[from] == '[') {
      return ipv6(b, from, to, out);
    }
    return ipv4(b, from, to, out);
  }

  private static boolean ipv4(byte[] b, int from, int to, long[] out) {
    long value = 0;
    int parts = 0;
    int i = from;
    while (i < to && parts < 4) {
      int v = decimal(b, i, to, 255);
      if (v < 0) {
        return false;
      }
      value = value << 8 | v;
      parts++;
      i = skipDigits(b, i, to);
      if (i < to && b[i] == '.') {
        i++;
        if (i == to) {
          if (parts == 4) {
            return false; // a.b.c.d. is a prefix of text that no canonical address has
          }
          // a.b.c. (libwrap's prefix match, canonical decimal)
          out[FAMILY] = 4;
          out[LENGTH] = 8 * parts;
          out[HI] = 0;
          out[LO] = value << (32 - 8 * parts);
          return true;
        }
      } else {
        break;
      }
    }
    if (parts != 4) {
      return false;
    }
    if (i == to) {
      out[FAMILY] = 4;
      out[LENGTH] = 32;
      out[HI] = 0;
      out[LO] = value;
      return true;
    }
    if (b[i] != '/') {
      return false;
    }
    int len = decimal(b, i + 1, to, 32);
    if (len < 1 || skipDigits(b, i + 1, to) != to) {
      return false;
    }
    long mask = (0xffffffffL << (32 - len)) & 0xffffffffL;
    if ((value & ~mask) != 0) {
      return false; // matches nothing in libwrap (the net is not masked): the general parser knows
    }
    out[FAMILY] = 4;
    out[LENGTH] = len;
    out[HI] = 0;
    out[LO] = value;
    return true;
  }

  private static boolean ipv6(byte[] b, int from, int to, long[] out) {
    int close = from + 1;
    while (close < to && b[close] != ']') {
      byte c = b[close];
      boolean hex = c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
      if (!hex && c != ':' && c != '.') {
        return false; // a scope (%), a second bracket, anything unusual
      }
      close++;
    }
    if (close == to || close == from + 1) {
      return false;
    }
    int len = 128;
    if (close + 1 < to) {
      if (b[close + 1] != '/') {
        return false;
      }
      len = decimal(b, close + 2, to, 128);
      if (len < 0 || skipDigits(b, close + 2, to) != to) {
        return false;
      }
    }
    byte[] a = Inet6.pton(new String(b, from + 1, close - from - 1, StandardCharsets.ISO_8859_1));
    if (a == null) {
      return false;
    }
    long hi = 0;
    long lo = 0;
    for (int k = 0; k < 8; k++) {
      hi = hi << 8 | (a[k] & 0xff);
      lo = lo << 8 | (a[k + 8] & 0xff);
    }
    out[FAMILY] = 6;
    out[LENGTH] = len;
    out[HI] = len == 0 ? 0 : len >= 64 ? hi : hi & (-1L << (64 - len));
    out[LO] = len <= 64 ? 0 : len == 128 ? lo : lo & (-1L << (128 - len));
    return true;
  }

  /** A canonical decimal number at {@code b[i]} (no leading zero) up to {@code max}, or -1. */
  private static int decimal(byte[] b, int i, int to, int max) {
    int v = 0;
    int digits = 0;
    while (i < to && b[i] >= '0' && b[i] <= '9') {
      if (digits == 1 && v == 0) {
        return -1;
      }
      v = v * 10 + (b[i] - '0');
      if (v > max) {
        return -1;
      }
      digits++;
      i++;
    }
    return digits == 0 ? -1 : v;
  }

  private static int skipDigits(byte[] b, int i, int to) {
    while (i < to && b[i] >= '0' && b[i] <= '9') {
      i++;
    }
    return i;
  }
}
