package dev.tcpwrap.core.lint;

import dev.tcpwrap.core.match.HostPattern;
import dev.tcpwrap.core.match.StringPattern;
import dev.tcpwrap.core.rules.Rule;

/**
 * Host name and address string patterns that match differently than they read: {@code name.} (a
 * prefix in Debian, never the FQDN), {@code .domain.} (never matches), wildcards combined with the
 * leading- or trailing-dot forms, incomplete addresses ({@code 192.168.1} without its final dot)
 * and addresses with leading zeros (compared as text, so they never match).
 */
final class HostNameCheck implements RuleCheck {

  @Override
  public void check(Rule rule, LintContext ctx) {
    for (HostPattern hp : HostPatterns.of(rule)) {
      if (hp instanceof HostPattern.Plain p) {
        check(rule, ctx, hp.token(), p.pattern().kind());
      }
    }
  }

  private static void check(Rule rule, LintContext ctx, String t, StringPattern.Kind kind) {
    String tok = Texts.t(t);
    String noDot = t.length() > 1 ? Texts.t(t.substring(0, t.length() - 1)) : tok;
    switch (kind) {
      case PREFIX:
        if (!Texts.numeric(t)) {
          ctx.warning(
              rule,
              tok + ": domain or host name ends in dot",
              "Debian matches a pattern ending in '.' as a prefix: it matches every host name that"
                  + " starts with \""
                  + tok
                  + "\", but never the host "
                  + noDot
                  + " itself, since resolved names have no final dot; drop the dot to match"
                  + " that host");
        }
        break;
      case SUFFIX:
        if (t.length() > 1 && t.endsWith(".")) {
          ctx.warning(
              rule,
              tok + ": domain or host name ends in dot",
              "resolved names have no final dot, so this suffix never matches; write " + noDot);
        } else if (t.equals(".")) {
          ctx.warning(rule, "\".\": domain or host name ends in dot", "this pattern never matches");
        }
        break;
      case WILDCARD:
        if (!t.startsWith("[") && (t.startsWith(".") || t.endsWith("."))) {
          ctx.warning(
              rule,
              tok
                  + ": wildcards cannot be combined with the leading-dot or trailing-dot"
                  + " forms: the dot is matched literally, so the pattern never matches a host name",
              "use the wildcard alone, e.g. *.example.com, or the dot form alone, e.g. .example.com");
        }
        break;
      case EXACT:
        exact(rule, ctx, t, tok);
        break;
      default:
        break;
    }
  }

  private static void exact(Rule rule, LintContext ctx, String t, String tok) {
    if (!Texts.numeric(t) || t.indexOf('.') < 0 || t.indexOf('/') >= 0) {
      return;
    }
    String[] parts = Ipv4Text.parts(t);
    if (parts.length >= 2 && parts.length <= 3) {
      ctx.warning(
          rule,
          tok
              + ": not a complete IPv4 address: compared as text with the client address, it"
              + " never matches",
          "to match the network write the prefix with a final dot: " + tok + ".");
      return;
    }
    if (parts.length == 4) {
      for (String c : parts) {
        if (c.length() > 1 && c.charAt(0) == '0') {
          String dec = Ipv4Text.asDecimal(t);
          ctx.warning(
              rule,
              tok
                  + ": addresses are compared as text, and client addresses have no"
                  + " leading zeros: the pattern never matches",
              dec == null ? "write the address in plain decimal" : "write " + dec);
          return;
        }
      }
    }
  }
}
