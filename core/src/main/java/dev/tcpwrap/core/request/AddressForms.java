package dev.tcpwrap.core.request;

import dev.tcpwrap.core.net.Inet4;
import dev.tcpwrap.core.net.Inet6;
import dev.tcpwrap.core.text.RuleText;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * The forms in which libwrap's patterns read one address text, worked out once per request instead
 * of once per pattern: the text ({@code %a}); the text with an IPv4-mapped prefix stripped, as
 * {@code string_match()} compares it; its IPv4 value as {@code dot_quad_addr()} reads it; its IPv6
 * bytes as numeric {@code getaddrinfo()} reads them; and, for the address index, the canonical IPv4
 * or IPv6 value.
 *
 * <p>For a socket address the forms come from the address bytes (the text is then only formatted
 * when it is needed, e.g. for a log line); for a text given by the user (hosts_ctl style) they come
 * from parsing it with the C library's rules, because a non-canonical text must behave as libwrap
 * treats it.
 */
public final class AddressForms {

  /** Not an IPv4 value / not indexable. */
  public static final long NONE = -1;

  private final InetAddress inet;
  private final boolean mapped;
  private String text;
  private String stripped;
  private final long v4;
  private final byte[] v6;
  private final long indexV4;
  private final boolean indexV6;
  private final long hi;
  private final long lo;

  private AddressForms(
      InetAddress inet,
      boolean mapped,
      String text,
      String stripped,
      long v4,
      byte[] v6,
      long indexV4,
      boolean indexV6) {
    this.inet = inet;
    this.mapped = mapped;
    this.text = text;
    this.stripped = stripped;
    this.v4 = v4;
    this.v6 = v6;
    this.indexV4 = indexV4;
    this.indexV6 = indexV6;
    long h = 0;
    long l = 0;
    if (indexV6) {
      for (int i = 0; i < 8; i++) {
        h = (h << 8) | (v6[i] & 0xff);
        l = (l << 8) | (v6[i + 8] & 0xff);
      }
    }
    this.hi = h;
    this.lo = l;
  }

  /**
   * The forms of a socket address; {@code dualStack} shows an IPv4 client as {@code
   * ::ffff:a.b.c.d}.
   */
  static AddressForms ofAddress(InetAddress a, boolean dualStack) {
    if (a instanceof Inet4Address) {
      byte[] b = a.getAddress();
      long v =
          ((b[0] & 0xffL) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
      if (v == Inet4.NONE) {
        return ofText(dualStack ? "::ffff:255.255.255.255" : "255.255.255.255");
      }
      return new AddressForms(a, dualStack, null, null, v, null, v, false);
    }
    Inet6Address a6 = (Inet6Address) a;
    byte[] b = a6.getAddress();
    if (a6.getScopeId() != 0 || Inet6.isV4Mapped(b)) {
      return ofText(Endpoint.addressText(a6));
    }
    // IPv6 text never reads as a dotted quad, and glibc's text of a non-mapped address has no
    // ::ffff: prefix
    return new AddressForms(a, false, null, null, Inet4.NONE, b, NONE, true);
  }

  /** The forms of an address text, read with the C library's rules. */
  public static AddressForms ofText(String text) {
    String s = strip(text);
    long v4 = Inet4.dotQuadAddr(s);
    Inet6.Address a6 = Inet6.numericHost(s);
    long index4 = NONE;
    boolean index6 = false;
    long strict = Inet4.ptonStrict(text, 0, text.length());
    if (strict >= 0 && strict != Inet4.NONE) {
      index4 = strict;
    } else if (text.length() > 7 && text.regionMatches(true, 0, "::ffff:", 0, 7)) {
      long m = Inet4.ptonStrict(text, 7, text.length());
      // ::ffff:255.255.255.255 is not taken as IPv4 by libwrap (inet_addr() fails on it): no index
      if (m >= 0 && m != Inet4.NONE && Inet6.format(Inet6.pton(text)).equalsIgnoreCase(text)) {
        index4 = m;
      }
    } else if (text.indexOf(':') >= 0 && text.indexOf('%') < 0) {
      byte[] b = Inet6.pton(text);
      index6 = b != null && !Inet6.isV4Mapped(b) && Inet6.format(b).equalsIgnoreCase(text);
    }
    return new AddressForms(
        null, false, text, s, v4, a6 == null ? null : a6.raw(), index4, index6 && a6 != null);
  }

  /** libwrap's {@code string_match()} step 0: {@code ::ffff:} before a dotted quad is dropped. */
  public static String strip(String s) {
    if (s.length() > 7
        && RuleText.regionMatches(s, 0, "::ffff:", 0, 7)
        && Inet4.dotQuadAddr(s.substring(7)) != Inet4.NONE) {
      return s.substring(7);
    }
    return s;
  }

  /** {@code %a}: the address text. */
  public String text() {
    String t = text;
    if (t == null) {
      t = Endpoint.addressText(inet);
      if (mapped) {
        t = "::ffff:" + t;
      }
      text = t;
    }
    return t;
  }

  /** The text as {@code string_match()} compares it (an IPv4-mapped prefix dropped). */
  public String stripped() {
    String s = stripped;
    if (s == null) {
      s = inet instanceof Inet4Address ? Endpoint.addressText(inet) : text();
      stripped = s;
    }
    return s;
  }

  /** The IPv4 value as {@code dot_quad_addr()} reads the stripped text, or {@link Inet4#NONE}. */
  public long v4() {
    return v4;
  }

  /**
   * The 16 bytes as numeric {@code getaddrinfo(AF_INET6)} reads the stripped text, or null. Not
   * copied.
   */
  public byte[] v6() {
    return v6;
  }

  /** The canonical IPv4 value for the address index, or {@link #NONE}. */
  public long indexV4() {
    return indexV4;
  }

  /** Whether the address is a canonical, non-mapped, unscoped IPv6 address for the index. */
  public boolean indexV6() {
    return indexV6;
  }

  /** The high 64 bits of the IPv6 address (when {@link #indexV6()}). */
  public long hi() {
    return hi;
  }

  /** The low 64 bits of the IPv6 address (when {@link #indexV6()}). */
  public long lo() {
    return lo;
  }
}
