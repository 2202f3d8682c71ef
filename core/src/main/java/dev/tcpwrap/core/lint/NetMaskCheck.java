package dev.tcpwrap.core.lint;

import dev.tcpwrap.core.match.HostPattern;
import dev.tcpwrap.core.net.CNumbers;
import dev.tcpwrap.core.net.Inet4;
import dev.tcpwrap.core.net.Inet6;
import dev.tcpwrap.core.rules.Rule;
import dev.tcpwrap.core.text.RuleText;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code net/mask} patterns, read as Debian's {@code masked_match()} reads them: the IPv4 net is
 * not masked (host bits make the pattern match nothing), {@code /0} and {@code 255.255.255.255} are
 * rejected, components may be octal or hex, lengths are read with {@code atoi()} ({@code [x]/abc}
 * is {@code /0}: every IPv6 client), and IPv4-mapped clients are compared as IPv4.
 */
final class NetMaskCheck implements RuleCheck {

  @Override
  public void check(Rule rule, LintContext ctx) {
    for (HostPattern hp : HostPatterns.of(rule)) {
      if (hp instanceof HostPattern.Masked) {
        String t = hp.token();
        int slash = RuleText.splitAt(t, 0, '/');
        String net = t.substring(0, slash);
        String mask = t.substring(slash + 1);
        if (net.startsWith("[")) {
          ipv6(rule, ctx, t, net, mask);
        } else {
          ipv4(rule, ctx, t, net, mask);
        }
      }
    }
  }

  private static void ipv6(Rule rule, LintContext ctx, String t, String net, String mask) {
    String tok = Texts.t(t);
    if (net.length() < 2 || !net.endsWith("]")) {
      ctx.warning(
          rule,
          tok + ": bad net/mask pattern",
          "write an IPv6 network as [net]/len, e.g. [2001:db8::]/32");
      return;
    }
    String inner = net.substring(1, net.length() - 1);
    Inet6.Address a = Inet6.numericHost(inner);
    if (a == null) {
      boolean wild = inner.indexOf('*') >= 0 || inner.indexOf('?') >= 0;
      ctx.warning(
          rule,
          tok + ": " + Texts.q(inner) + " is not a numeric IPv6 address: the pattern never matches",
          wild
              ? "IPv6 patterns have no wildcards: write [net]/len, e.g. [2001:db8::]/32"
              : "write [net]/len with a numeric IPv6 net, e.g. [2001:db8::]/32");
      return;
    }
    int len;
    if (Texts.digits(mask)) {
      len = mask.length() > 4 ? Integer.MAX_VALUE : Integer.parseInt(mask);
    } else {
      len = CNumbers.atoi(mask);
      if (!leadingNumber(mask)) {
        ctx.warning(
            rule,
            tok
                + ": prefix length "
                + Texts.q(mask)
                + " is read as /0 by atoi(): the pattern"
                + " matches EVERY IPv6 client",
            "write a decimal prefix length, e.g. ["
                + Texts.t(inner)
                + "]/64, or [::]/0 if every IPv6"
                + " client is really meant");
        return;
      }
      if (len >= 0 && len <= 128) {
        ctx.warning(
            rule,
            tok + ": prefix length " + Texts.q(mask) + " is read as /" + len + " by atoi()",
            "write [" + Texts.t(inner) + "]/" + len);
      }
    }
    if (len < 0 || len > 128) {
      ctx.warning(
          rule,
          tok + ": prefix length is out of range 0..128: the pattern never matches",
          "write a prefix length from 0 to 128, e.g. [" + Texts.t(inner) + "]/64");
      return;
    }
    byte[] b = a.raw();
    if (Inet6.isV4Mapped(b) && len >= 96) {
      long v4 =
          ((b[12] & 0xffL) << 24)
              | ((b[13] & 0xffL) << 16)
              | ((b[14] & 0xffL) << 8)
              | (b[15] & 0xffL);
      String fix;
      if (len == 128) {
        fix = Inet4.format(v4);
      } else if (len == 96) {
        fix = "0.0.0.0/0.0.0.0, which matches every IPv4 client";
      } else {
        int bits = len - 96;
        long m = Inet4.prefixMask(bits);
        fix = Inet4.format(v4 & m) + "/" + bits;
      }
      ctx.warning(
          rule,
          tok
              + ": IPv4-mapped clients (::ffff:a.b.c.d) are compared as IPv4 addresses, so this"
              + " pattern never matches them",
          "write the IPv4 form: " + fix);
    }
  }

  private static void ipv4(Rule rule, LintContext ctx, String t, String net, String mask) {
    String tok = Texts.t(t);
    long n4 = Inet4.dotQuadAddr(net);
    List<String> oddNet = Ipv4Text.nonDecimal(net);
    if (n4 == Inet4.NONE) {
      String padded = Ipv4Text.padded(net);
      if (net.indexOf('*') >= 0 || net.indexOf('?') >= 0 || mask.indexOf('*') >= 0) {
        ctx.warning(
            rule,
            tok + ": wildcards cannot be combined with net/mask: bad net/mask pattern",
            "write the network as n.n.n.n/len, e.g. 192.168.0.0/16");
      } else if (Ipv4Text.allOnes(net)) {
        ctx.warning(
            rule,
            tok + ": net 255.255.255.255 equals INADDR_NONE: bad net/mask pattern",
            "the pattern never matches; write a real network");
      } else if (padded != null) {
        ctx.warning(
            rule,
            tok + ": net " + Texts.q(net) + " does not have four parts: bad net/mask pattern",
            "inet_addr() needs a full dotted quad here: write " + padded + "/" + Texts.t(mask));
      } else if (!oddNet.isEmpty()) {
        ctx.warning(
            rule,
            tok + ": " + Ipv4Text.describe(oddNet) + ": bad net/mask pattern",
            "write the net in decimal without leading zeros");
      } else {
        ctx.warning(
            rule,
            tok + ": bad net/mask pattern",
            "write n.n.n.n/len (len 1..32) or n.n.n.n/m.m.m.m; the pattern never matches");
      }
      return;
    }
    long m4;
    String maskShown;
    List<String> oddMask = new ArrayList<>();
    if (mask.indexOf('.') >= 0) {
      m4 = Inet4.dotQuadAddr(mask);
      if (m4 == Inet4.NONE) {
        if (Ipv4Text.allOnes(mask)) {
          ctx.warning(
              rule,
              tok
                  + ": 255.255.255.255 is not a valid mask (it equals INADDR_NONE): bad"
                  + " net/mask pattern",
              "the pattern never matches; match the single host by its address: "
                  + Inet4.format(n4));
        } else {
          ctx.warning(
              rule,
              tok + ": mask " + Texts.q(mask) + " is not a dotted quad: bad net/mask pattern",
              "write n.n.n.n/len (len 1..32) or n.n.n.n/m.m.m.m; the pattern never matches");
        }
        return;
      }
      oddMask = Ipv4Text.nonDecimal(mask);
      maskShown = oddMask.isEmpty() ? mask : Inet4.format(m4);
    } else {
      int bits;
      if (Texts.digits(mask)) {
        bits = mask.length() > 3 ? Integer.MAX_VALUE : Integer.parseInt(mask);
      } else {
        bits = CNumbers.atoi(mask);
        if (!leadingNumber(mask)) {
          ctx.warning(
              rule,
              tok
                  + ": mask "
                  + Texts.q(mask)
                  + " is neither a dotted quad nor a prefix length:"
                  + " bad net/mask pattern",
              "write n.n.n.n/len (len 1..32) or n.n.n.n/m.m.m.m; the pattern never matches");
          return;
        }
        if (bits >= 1 && bits <= 32) {
          ctx.warning(
              rule,
              tok + ": prefix length " + Texts.q(mask) + " is read as /" + bits + " by atoi()",
              "write " + Inet4.format(n4) + "/" + bits);
        }
      }
      if (bits == 0) {
        ctx.warning(
            rule,
            tok + ": /0 is not a valid IPv4 prefix length (1..32): the pattern never matches",
            "write 0.0.0.0/0.0.0.0 to match every IPv4 client, or ALL for every client");
        return;
      }
      if (bits < 0 || bits > 32) {
        ctx.warning(
            rule,
            tok + ": prefix length is out of range 1..32: bad net/mask pattern",
            "write a prefix length from 1 to 32; the pattern never matches");
        return;
      }
      m4 = Inet4.prefixMask(bits);
      maskShown = String.valueOf(bits);
    }
    if (!oddNet.isEmpty() || !oddMask.isEmpty()) {
      List<String> odd = new ArrayList<>(oddNet);
      odd.addAll(oddMask);
      String dec = Ipv4Text.asDecimal(net);
      ctx.warning(
          rule,
          tok
              + ": "
              + Ipv4Text.describe(odd)
              + ": inet_addr() reads it as "
              + Inet4.format(n4)
              + "/"
              + maskShown,
          "write it in decimal: "
              + Inet4.format(n4)
              + "/"
              + maskShown
              + (dec != null && !oddNet.isEmpty()
                  ? ", or " + dec + "/" + maskShown + " if decimal was meant"
                  : ""));
    }
    if ((n4 & ~m4 & 0xffffffffL) != 0) {
      ctx.warning(
          rule,
          tok
              + ": the net has host bits set for this mask; libwrap compares (address & mask)"
              + " with the net as written, so the pattern matches nothing",
          "write " + Inet4.format(n4 & m4) + "/" + maskShown);
    }
  }

  /** Whether {@code atoi()} finds digits at the start (after an optional sign). */
  static boolean leadingNumber(String s) {
    int i = 0;
    while (i < s.length() && CNumbers.isSpace(s.charAt(i))) {
      i++;
    }
    if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      i++;
    }
    return i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9';
  }
}
