package dev.tcpwrap.core.lint;

import dev.tcpwrap.core.match.HostPattern;
import dev.tcpwrap.core.match.StringPattern;
import dev.tcpwrap.core.net.Inet4;
import dev.tcpwrap.core.net.Inet6;
import dev.tcpwrap.core.rules.Rule;

/**
 * {@code [ipv6]} address tokens: the broken {@code [net/len]} form (the Linux IPv6 HOWTO's "broken
 * implementations"), brackets that do not hold a numeric address, wildcards inside brackets,
 * IPv4-mapped addresses (never matched: mapped clients are compared as IPv4), and an unclosed
 * {@code [} (it swallows the rest of the line: {@code split_at()} finds no more {@code :}).
 */
final class BracketedIpv6Check implements RuleCheck {

  @Override
  public void check(Rule rule, LintContext ctx) {
    for (HostPattern hp : HostPatterns.of(rule)) {
      if (hp instanceof HostPattern.Plain p) {
        check(rule, ctx, hp.token(), p.pattern());
      }
    }
  }

  private static void check(Rule rule, LintContext ctx, String t, StringPattern sp) {
    String tok = Texts.t(t);
    if (!t.startsWith("[")) {
      return;
    }
    if (sp.kind() == StringPattern.Kind.WILDCARD) {
      ctx.warning(
          rule,
          tok
              + ": IPv6 addresses cannot be matched with wildcards (the brackets are compared"
              + " literally): the pattern never matches",
          "write the network as [net]/len, e.g. " + wildcardFix(t));
      return;
    }
    if (!t.endsWith("]") || t.length() < 2) {
      ctx.warning(
          rule,
          tok + ": '[' without a closing ']'",
          "libwrap finds no ':' after an unclosed '[', so the rest of the line joins this list; close the"
              + " bracket");
      return;
    }
    String inner = t.substring(1, t.length() - 1);
    Inet6.Address a = Inet6.numericHost(inner);
    if (a == null) {
      int slash = inner.indexOf('/');
      if (slash >= 0 && Inet6.numericHost(inner.substring(0, slash)) != null) {
        String fix = "[" + inner.substring(0, slash) + "]/" + inner.substring(slash + 1);
        ctx.warning(
            rule,
            tok
                + ": broken IPv6 network notation: the prefix length must follow the ']';"
                + " this pattern never matches",
            "write " + Texts.t(fix));
      } else {
        ctx.warning(
            rule,
            tok
                + ": "
                + Texts.q(inner)
                + " is not a numeric IPv6 address: the pattern never"
                + " matches",
            "write [address] or [net]/len with a numeric IPv6 address");
      }
      return;
    }
    byte[] b = a.raw();
    if (Inet6.isV4Mapped(b)) {
      long v4 =
          ((b[12] & 0xffL) << 24)
              | ((b[13] & 0xffL) << 16)
              | ((b[14] & 0xffL) << 8)
              | (b[15] & 0xffL);
      ctx.warning(
          rule,
          tok
              + ": IPv4-mapped clients (::ffff:a.b.c.d) are compared as IPv4 addresses, so this"
              + " pattern never matches them",
          "write the IPv4 form: " + Inet4.format(v4));
    }
  }

  /**
   * {@code [2001:db8::*]} as {@code [2001:db8::]/32}, when the text before the wildcard allows it.
   */
  private static String wildcardFix(String t) {
    String inner = t.substring(1, t.endsWith("]") ? t.length() - 1 : t.length());
    int star = inner.length();
    for (int i = 0; i < inner.length(); i++) {
      if (inner.charAt(i) == '*' || inner.charAt(i) == '?') {
        star = i;
        break;
      }
    }
    String head = inner.substring(0, star);
    while (head.endsWith(":")) {
      head = head.substring(0, head.length() - 1);
    }
    if (head.isEmpty() || head.contains("::")) {
      return "[2001:db8::]/32";
    }
    int groups = head.split(":", -1).length;
    if (groups > 7 || Inet6.numericHost(head + "::") == null) {
      return "[2001:db8::]/32";
    }
    return Texts.t("[" + head + "::]/" + (16 * groups));
  }
}
