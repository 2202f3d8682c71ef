package dev.tcpwrap.core.match;

import dev.tcpwrap.core.net.CNumbers;
import dev.tcpwrap.core.net.Inet4;
import dev.tcpwrap.core.net.Inet6;
import dev.tcpwrap.core.request.AddressForms;

/**
 * A {@code net/mask} client pattern, as Debian's {@code masked_match()}: IPv4 {@code
 * n.n.n.n/m.m.m.m} or {@code n.n.n.n/len} (1..32), IPv6 {@code [net]/len} (0..128).
 *
 * <p>Debian's quirks are kept: the IPv4 net is not masked (so {@code 192.168.1.5/24} matches
 * nothing), {@code 255.255.255.255} and {@code /0} are not valid IPv4 masks, components may be
 * octal or hex ({@code inet_addr}), lengths are read with {@code atoi} (so {@code /8abc} is {@code
 * /8} and {@code [x]/abc} is {@code /0}); an IPv4-mapped client is matched by the IPv4 form only,
 * and the IPv6 net is masked.
 */
public final class NetMask {

  private final String net;
  private final String mask;

  /** IPv4 net and mask, or -1 (INADDR_NONE) when the pattern is not a valid IPv4 net/mask. */
  private final long net4;

  private final long mask4;

  /** IPv6 net (masked) and prefix length, or null/-1 when not a valid IPv6 net/len. */
  private final Inet6.Address net6;

  private final int len6;

  private NetMask(String net, String mask) {
    this.net = net;
    this.mask = mask;
    long n4 = Inet4.dotQuadAddr(net);
    long m4 = Inet4.dotQuadAddr(mask);
    if (m4 == Inet4.NONE) {
      m4 = cidrMask(mask);
    }
    if (n4 == Inet4.NONE || m4 < 0) {
      n4 = -1;
      m4 = -1;
    }
    this.net4 = n4;
    this.mask4 = m4;
    Inet6.Address n6 = null;
    int l6 = -1;
    if (net.length() >= 2 && net.charAt(0) == '[' && net.charAt(net.length() - 1) == ']') {
      n6 = Inet6.numericHost(net.substring(1, net.length() - 1));
      int l = CNumbers.atoi(mask);
      if (n6 != null && l >= 0 && l <= 128) {
        l6 = l;
      } else {
        n6 = null;
      }
    }
    this.net6 = n6;
    this.len6 = l6;
  }

  /**
   * Parses {@code net/mask}; never fails: a malformed pattern simply never matches, as in libwrap.
   */
  public static NetMask of(String net, String mask) {
    return new NetMask(net, mask);
  }

  /** Debian {@code cidr_mask_addr()}: {@code atoi} length 1..32 (so /32 is valid), else -1. */
  private static long cidrMask(String s) {
    int bits = CNumbers.atoi(s);
    if (bits < 1 || bits > 32) {
      return -1;
    }
    return Inet4.prefixMask(bits);
  }

  /** True when this is a valid IPv4 net/mask (it may still match nothing). */
  public boolean isIpv4() {
    return net4 >= 0;
  }

  /** True when this is a valid IPv6 net/len. */
  public boolean isIpv6() {
    return net6 != null;
  }

  /** The IPv4 net, or -1. */
  public long net4() {
    return net4;
  }

  /** The IPv4 mask, or -1. */
  public long mask4() {
    return mask4;
  }

  /** The IPv6 net (unmasked), or null. */
  public Inet6.Address net6() {
    return net6;
  }

  /** The IPv6 prefix length, or -1. */
  public int len6() {
    return len6;
  }

  /** Whether the client address text {@code addr} is inside. */
  public boolean matches(String addr) {
    return matches(AddressForms.ofText(addr));
  }

  /**
   * Whether the client address is inside, read in the forms libwrap's {@code masked_match()} reads
   * it. Debian's masked_match() takes an IPv4-mapped client by its text, as string_match() does:
   * "::ffff:" (any case) followed by a dotted quad that inet_addr() accepts is compared as that
   * IPv4 address only (so ::ffff:10.0.0.010 is 10.0.0.8, and [v6]/len patterns never match it). Any
   * other text, including ::ffff:255.255.255.255 and 0:0:0:0:0:ffff:10.0.0.1, is an IPv6 address,
   * compared with [v6]/len only; the scope ids of both sides must parse but are not compared (like
   * [v6] in StringPattern).
   */
  public boolean matches(AddressForms addr) {
    if (net4 >= 0) {
      long a = addr.v4();
      if (a != Inet4.NONE && (a & mask4) == net4) {
        return true;
      }
    }
    if (net6 == null) {
      return false;
    }
    byte[] a6 = addr.v6();
    return a6 != null && prefixEquals(net6.raw(), a6, len6);
  }

  /** Whether the first {@code len} bits of two addresses are equal. */
  static boolean prefixEquals(byte[] x, byte[] y, int len) {
    int full = len / 8;
    for (int i = 0; i < full; i++) {
      if (x[i] != y[i]) {
        return false;
      }
    }
    int rest = len % 8;
    if (rest == 0) {
      return true;
    }
    int m = (0xff << (8 - rest)) & 0xff;
    return (x[full] & m) == (y[full] & m);
  }

  @Override
  public String toString() {
    return net + "/" + mask;
  }
}
