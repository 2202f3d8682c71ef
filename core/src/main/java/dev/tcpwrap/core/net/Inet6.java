package dev.tcpwrap.core.net;

import java.net.NetworkInterface;
import java.net.SocketException;

/**
 * IPv6 text forms as glibc reads and writes them: {@code inet_pton(AF_INET6)}, numeric {@code
 * getaddrinfo(AF_INET6, AI_NUMERICHOST)} (with an optional {@code %scope}) and {@code inet_ntop()}.
 */
public final class Inet6 {

  private Inet6() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /** A parsed numeric IPv6 address with its scope id (0 when none). */
  public static final class Address {
    private final byte[] bytes;
    private final int scope;

    Address(byte[] bytes, int scope) {
      this.bytes = bytes;
      this.scope = scope;
    }

    /** An address from its 16 bytes (not copied) and scope id. */
    public static Address of(byte[] bytes, int scope) {
      return new Address(bytes, scope);
    }

    /** The 16 address bytes (a copy). */
    public byte[] bytes() {
      return bytes.clone();
    }

    /** The 16 address bytes, shared: callers must not modify them. */
    public byte[] raw() {
      return bytes;
    }

    /** The scope id, 0 when none was given. */
    public int scope() {
      return scope;
    }
  }

  /** glibc {@code inet_pton(AF_INET6, s)}; null when the text is not an IPv6 address. */
  public static byte[] pton(String s) {
    return pton(s, 0, s.length());
  }

  static byte[] pton(String s, int from, int to) {
    byte[] tmp = new byte[16];
    int tp = 0;
    int colonp = -1;
    int src = from;
    if (src == to) {
      return null;
    }
    if (s.charAt(src) == ':') {
      ++src;
      if (src == to || s.charAt(src) != ':') {
        return null;
      }
    }
    int curtok = src;
    int xdigits = 0;
    int val = 0;
    while (src < to) {
      char ch = s.charAt(src++);
      int digit = Character.digit(ch, 16);
      if (ch > 'f') {
        digit = -1;
      }
      if (digit >= 0) {
        if (xdigits == 4) {
          return null;
        }
        val = (val << 4) | digit;
        if (val > 0xffff) {
          return null;
        }
        ++xdigits;
        continue;
      }
      if (ch == ':') {
        curtok = src;
        if (xdigits == 0) {
          if (colonp >= 0) {
            return null;
          }
          colonp = tp;
          continue;
        } else if (src == to) {
          return null;
        }
        if (tp + 2 > 16) {
          return null;
        }
        tmp[tp++] = (byte) (val >> 8);
        tmp[tp++] = (byte) val;
        xdigits = 0;
        val = 0;
        continue;
      }
      if (ch == '.' && tp + 4 <= 16) {
        long v4 = Inet4.ptonStrict(s, curtok, to);
        if (v4 >= 0) {
          tmp[tp++] = (byte) (v4 >>> 24);
          tmp[tp++] = (byte) (v4 >>> 16);
          tmp[tp++] = (byte) (v4 >>> 8);
          tmp[tp++] = (byte) v4;
          xdigits = 0;
          break;
        }
      }
      return null;
    }
    if (xdigits > 0) {
      if (tp + 2 > 16) {
        return null;
      }
      tmp[tp++] = (byte) (val >> 8);
      tmp[tp++] = (byte) val;
    }
    if (colonp >= 0) {
      if (tp == 16) {
        return null;
      }
      int n = tp - colonp;
      byte[] out = new byte[16];
      System.arraycopy(tmp, 0, out, 0, colonp);
      System.arraycopy(tmp, colonp, out, 16 - n, n);
      return out;
    }
    return tp == 16 ? tmp : null;
  }

  /**
   * Numeric {@code getaddrinfo(s, AF_INET6, AI_NUMERICHOST)}: an IPv6 address with an optional
   * {@code %scope} (a number or an interface name); null when glibc would fail.
   */
  public static Address numericHost(String s) {
    int pct = s.indexOf('%');
    byte[] bytes = pton(s, 0, pct < 0 ? s.length() : pct);
    if (bytes == null) {
      return null;
    }
    int scope = 0;
    if (pct >= 0) {
      String sc = s.substring(pct + 1);
      Integer index = scopeIndex(bytes, sc);
      if (index == null) {
        return null;
      }
      scope = index;
    }
    return new Address(bytes, scope);
  }

  /**
   * glibc {@code __inet6_scopeid_pton()}: an interface name is looked up only for link-local
   * unicast and node-/link-local multicast addresses ({@code ::1%lo} does not parse, {@code
   * fe80::1%lo} does); otherwise the scope must be a decimal number up to 2^32-1 that starts with a
   * digit.
   */
  private static Integer scopeIndex(byte[] address, String name) {
    boolean linkScoped =
        (address[0] == (byte) 0xfe && (address[1] & 0xc0) == 0x80)
            || (address[0] == (byte) 0xff
                && ((address[1] & 0x0f) == 1 || (address[1] & 0x0f) == 2));
    if (linkScoped) {
      try {
        NetworkInterface nif = NetworkInterface.getByName(name);
        if (nif != null) {
          return nif.getIndex();
        }
      } catch (SocketException | RuntimeException e) {
        // fall through to the numeric form, as glibc does
      }
    }
    if (name.isEmpty()) {
      return null;
    }
    long v = 0;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
      v = v * 10 + (c - '0');
      if (v > 0xffffffffL) {
        return null;
      }
    }
    return (int) v;
  }

  /** True for {@code ::ffff:a.b.c.d}. */
  public static boolean isV4Mapped(byte[] a) {
    for (int i = 0; i < 10; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
  }

  /**
   * glibc {@code inet_ntop(AF_INET6)}: lower case, longest zero run (of two or more) as {@code ::}.
   */
  public static String format(byte[] a) {
    int[] words = new int[8];
    for (int i = 0; i < 8; i++) {
      words[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
    }
    int bestBase = -1;
    int bestLen = 0;
    int curBase = -1;
    int curLen = 0;
    for (int i = 0; i < 8; i++) {
      if (words[i] == 0) {
        if (curBase == -1) {
          curBase = i;
          curLen = 1;
        } else {
          curLen++;
        }
      } else if (curBase != -1) {
        if (bestBase == -1 || curLen > bestLen) {
          bestBase = curBase;
          bestLen = curLen;
        }
        curBase = -1;
      }
    }
    if (curBase != -1 && (bestBase == -1 || curLen > bestLen)) {
      bestBase = curBase;
      bestLen = curLen;
    }
    if (bestBase != -1 && bestLen < 2) {
      bestBase = -1;
    }
    StringBuilder sb = new StringBuilder(40);
    for (int i = 0; i < 8; i++) {
      if (bestBase != -1 && i >= bestBase && i < bestBase + bestLen) {
        if (i == bestBase) {
          sb.append(':');
        }
        continue;
      }
      if (i != 0) {
        sb.append(':');
      }
      if (i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && words[5] == 0xffff))) {
        sb.append(a[12] & 0xff)
            .append('.')
            .append(a[13] & 0xff)
            .append('.')
            .append(a[14] & 0xff)
            .append('.')
            .append(a[15] & 0xff);
        return sb.toString();
      }
      sb.append(Integer.toHexString(words[i]));
    }
    if (bestBase != -1 && bestBase + bestLen == 8) {
      sb.append(':');
    }
    return sb.toString();
  }
}
