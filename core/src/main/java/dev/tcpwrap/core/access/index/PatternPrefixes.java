package dev.tcpwrap.core.access.index;

import dev.tcpwrap.core.match.HostPattern;
import dev.tcpwrap.core.match.NetMask;
import dev.tcpwrap.core.match.StringPattern;
import dev.tcpwrap.core.net.Inet4;
import dev.tcpwrap.core.net.Inet6;
import java.util.List;

/**
 * The address prefixes a host pattern stands for, when it is purely an address prefix: the keys
 * {@link TableIndex} files a rule under and {@link AddressOnlyList} makes its prefix tests of. One
 * place, so that the index and the flat lists agree on which canonical addresses a token can match.
 */
final class PatternPrefixes {

  private PatternPrefixes() {}

  /**
   * Adds {version, length, hi, lo} keys (the prefix as a whole address, host bits zero) for an
   * address-only host pattern; false when the pattern is not purely an address prefix. A pattern
   * that can match no canonical address adds nothing.
   */
  static boolean add(HostPattern host, List<long[]> keys) {
    if (host instanceof HostPattern.Masked m) {
      NetMask nm = m.netMask();
      if (nm.isIpv4()) {
        int len = contiguousLength(nm.mask4());
        if (len < 0) {
          return false;
        }
        if ((nm.net4() & ~nm.mask4() & 0xffffffffL) == 0) {
          keys.add(new long[] {4, len, 0, nm.net4()});
        }
      }
      if (nm.isIpv6()) {
        if (nm.net6().scope() != 0) {
          return false;
        }
        keys.add(v6Key(nm.net6().raw(), nm.len6()));
      }
      return true;
    }
    if (!(host instanceof HostPattern.Plain p)) {
      return false;
    }
    StringPattern sp = p.pattern();
    switch (sp.kind()) {
      case EXACT:
      case PREFIX:
        {
          if (!p.addressOnly()) {
            return false;
          }
          // only a canonical dotted quad or a.b.c. prefix can match a canonical client address
          if (sp.v4Value() >= 0) {
            keys.add(new long[] {4, sp.v4Bits(), 0, sp.v4Value()});
          }
          return true;
        }
      case IPV6:
        {
          Inet6.Address a = sp.ipv6();
          if (a != null) {
            if (a.scope() != 0) {
              return false;
            }
            keys.add(v6Key(a.raw(), 128));
          }
          return true;
        }
      default:
        return false;
    }
  }

  private static int contiguousLength(long mask) {
    int len = Long.bitCount(mask);
    long expect = Inet4.prefixMask(len);
    return expect == mask ? len : -1;
  }

  private static long[] v6Key(byte[] a, int len) {
    long h = 0;
    long l = 0;
    for (int i = 0; i < 8; i++) {
      h = (h << 8) | (a[i] & 0xff);
      l = (l << 8) | (a[i + 8] & 0xff);
    }
    long[] m = mask128(len);
    return new long[] {6, len, h & m[0], l & m[1]};
  }

  private static long[] mask128(int len) {
    long mh = len == 0 ? 0 : len >= 64 ? -1L : -1L << (64 - len);
    long ml = len <= 64 ? 0 : len == 128 ? -1L : -1L << (128 - len);
    return new long[] {mh, ml};
  }
}
