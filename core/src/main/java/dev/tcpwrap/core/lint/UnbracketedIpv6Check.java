package dev.tcpwrap.core.lint;

import dev.tcpwrap.core.net.Inet6;
import dev.tcpwrap.core.rules.Rule;
import dev.tcpwrap.core.text.RuleText;
import java.util.List;

/**
 * An IPv6 address written without brackets: libwrap splits the rule at its first {@code :}, so the
 * list ends early and the rest of the address becomes the next field. The pattern is dead, and if
 * it was in the client list the remainder is parsed as options, which usually fails ({@code bad
 * option name: "db8"}) and denies. Found by gluing the last word of a field to the first word of
 * the next and reading the result as IPv6.
 */
final class UnbracketedIpv6Check implements RuleCheck {

  @Override
  public void check(Rule rule, LintContext ctx) {
    // the daemon field comes first on the line: if it was cut, that is the one cut
    List<String> daemons = HostPatterns.tokens(rule.daemons());
    if (!daemons.isEmpty()) {
      String d = daemons.get(daemons.size() - 1);
      int at = d.isEmpty() ? -1 : RuleText.splitAt(d, 1, '@');
      if (at >= 0) {
        String rest =
            rule.clients().toString()
                + (rule.optionsText() == null ? "" : ":" + rule.optionsText());
        String head = d.substring(at + 1);
        String found = ipv6(head, firstWord(rest));
        if (found != null) {
          report(rule, ctx, found, head, "daemon list", "the client list");
          return;
        }
      }
    }
    if (rule.optionsText() != null) {
      String w = firstWord(rule.optionsText());
      List<String> clients = HostPatterns.tokens(rule.clients());
      String last = clients.isEmpty() ? "" : hostPart(clients.get(clients.size() - 1));
      for (String head : new String[] {last, ""}) {
        String found = ipv6(head, w);
        if (found != null) {
          report(rule, ctx, found, head, "client list", "the option list");
          return;
        }
      }
    }
  }

  private static void report(
      Rule rule, LintContext ctx, String found, String head, String list, String next) {
    int slash = found.indexOf('/');
    String fix =
        slash < 0
            ? "[" + found + "]"
            : "[" + found.substring(0, slash) + "]" + found.substring(slash);
    ctx.error(
        rule,
        Texts.t(found) + ": unbracketed IPv6 address: libwrap cuts the line at its first ':'",
        "the "
            + list
            + " ends with "
            + Texts.q(head)
            + " and the rest of the address starts "
            + next
            + "; write "
            + Texts.t(fix));
  }

  /**
   * {@code head:word} (without a final field colon) if it is an IPv6 address, optionally with /len;
   * else null.
   */
  static String ipv6(String head, String word) {
    String c = head + ":" + word;
    if (isIpv6(c)) {
      return c;
    }
    if (c.endsWith(":")) {
      String d = c.substring(0, c.length() - 1);
      if (isIpv6(d)) {
        return d;
      }
    }
    return null;
  }

  private static boolean isIpv6(String s) {
    int slash = s.indexOf('/');
    String addr = slash < 0 ? s : s.substring(0, slash);
    if (slash >= 0 && !Texts.digits(s.substring(slash + 1))) {
      return false;
    }
    int pct = addr.indexOf('%');
    String bare = pct < 0 ? addr : addr.substring(0, pct);
    return bare.chars().filter(ch -> ch == ':').count() >= 2 && Inet6.pton(bare) != null;
  }

  private static String hostPart(String token) {
    int at = token.isEmpty() ? -1 : RuleText.splitAt(token, 1, '@');
    return at < 0 ? token : token.substring(at + 1);
  }

  private static String firstWord(String s) {
    int i = 0;
    while (i < s.length() && RuleText.LIST_SEPARATORS.indexOf(s.charAt(i)) < 0) {
      i++;
    }
    return s.substring(0, i);
  }
}
