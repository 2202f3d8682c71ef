package dev.tcpwrap.core.lint;

import dev.tcpwrap.core.rules.Rule;

/**
 * {@code @netgroup} patterns whose group is unknown or empty (tcpdchk's "unknown or empty
 * netgroup"), read from the netgroup file with a simple parse; NIS is not consulted. Names are
 * case-sensitive.
 */
final class NetgroupCheck implements RuleCheck {

  @Override
  public void check(Rule rule, LintContext ctx) {
    for (String t : HostPatterns.tokensStartingWith(rule, "@")) {
      String group = t.substring(1);
      NetgroupFile nf = ctx.netgroups();
      String tok = Texts.t(t);
      if (group.isEmpty()) {
        ctx.warning(
            rule,
            tok + ": unknown or empty netgroup",
            "'@' needs a netgroup name; the pattern never" + " matches");
      } else if (!nf.exists()) {
        ctx.warning(
            rule,
            tok + ": unknown or empty netgroup",
            "there is no "
                + nf.path()
                + " and NIS was not checked: the pattern never matches unless NIS"
                + " defines the group");
      } else if (nf.problem() != null) {
        ctx.warning(
            rule,
            tok + ": netgroup cannot be checked",
            "cannot read " + nf.path() + ": " + Texts.t(nf.problem()));
      } else {
        int n = nf.members(group);
        if (n < 0) {
          String variant = nf.caseVariant(group);
          ctx.warning(
              rule,
              tok + ": unknown or empty netgroup",
              variant != null
                  ? "netgroup names are case-sensitive: "
                      + nf.path()
                      + " defines "
                      + Texts.q(variant)
                      + ", write @"
                      + Texts.t(variant)
                  : "the group is not defined in "
                      + nf.path()
                      + " and NIS was not checked: the"
                      + " pattern never matches unless NIS defines it");
        } else if (n == 0) {
          ctx.warning(
              rule,
              tok + ": unknown or empty netgroup",
              "the group has no members in " + nf.path() + ": the pattern never matches");
        }
      }
    }
  }
}
