package dev.tcpwrap.core.tools;

import dev.tcpwrap.core.access.Verdict;
import dev.tcpwrap.core.action.Aclexec;
import dev.tcpwrap.core.lint.AclexecText;
import dev.tcpwrap.core.options.Option;
import dev.tcpwrap.core.rules.Rule;
import dev.tcpwrap.core.rules.RuleTable;

/**
 * The {@code access:} line of {@code match} and {@code check -v}: what the agent does, first, and
 * where libwrap's dry run (tcpdmatch, tcpdchk) says otherwise, what it would print, as in {@code
 * access: denied (agent: ...); tcpdmatch would print granted}. The first word is always one of
 * tcpdmatch's ({@code granted}, {@code denied}, {@code delegated}), so a script reading it gets the
 * agent's verdict; only {@code check -v} of a hosts.allow {@code aclexec} rule says {@code
 * hosts.deny decides}, which one file cannot tell.
 */
final class AccessLine {

  private static final String TWIST =
      "the twist command gets the client, the application never sees it (on Tomcat 9's APR"
          + " connector: refused)";

  private AccessLine() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /**
   * For {@code match}.
   *
   * @param dryRun the verdict as libwrap's dry run reaches it (tcpdmatch's)
   * @param agent the verdict the agent carries out: {@code dryRun}, or hosts.deny's verdict when a
   *     hosts.allow {@code aclexec} sent the request there
   */
  static String of(Verdict dryRun, Verdict agent) {
    String tcpdmatch = word(dryRun);
    String word = word(agent);
    String why = null;
    if (agent != dryRun) {
      why =
          "aclexec is not run and counts as failed, so "
              + (agent.rule() != null
                  ? "hosts.deny line " + agent.rule().line() + " decides"
                  : agent.granted()
                      ? "hosts.deny decides and no rule there matches"
                      : "hosts.deny decides, and it cannot be read to its end");
    } else if (hasAclexec(dryRun) && dryRun.table() == RuleTable.Role.DENY) {
      why = "aclexec is not run and counts as succeeded";
    }
    if (agent.reason() == Verdict.Reason.TWIST) {
      why = why == null ? TWIST : why + "; " + TWIST;
    }
    return word
        + (why == null ? "" : " (agent: " + why + ")")
        + (word.equals(tcpdmatch) ? "" : "; tcpdmatch would print " + tcpdmatch);
  }

  /** For {@code check -v}: what a rule does to a client it matches. */
  static String of(Rule rule, RuleTable.Role role) {
    if (rule.options().error() != null) {
      return "denied";
    }
    boolean aclexec = false;
    for (Option o : rule.options().options()) {
      switch (o.kind()) {
        case ALLOW:
          return "granted";
        case DENY:
          return "denied";
        case TWIST:
          return "delegated";
        case ACLEXEC:
          aclexec = true;
          break;
        default:
          break;
      }
    }
    if (!aclexec) {
      return role == RuleTable.Role.ALLOW ? "granted" : "denied";
    }
    return role == RuleTable.Role.ALLOW
        ? "hosts.deny decides (agent: aclexec is not run and counts as failed); tcpdchk would"
            + " print granted"
        : "denied (agent: aclexec is not run and counts as succeeded)";
  }

  /** tcpdmatch's word for a verdict. */
  private static String word(Verdict v) {
    return v.reason() == Verdict.Reason.TWIST ? "delegated" : v.granted() ? "granted" : "denied";
  }

  private static boolean hasAclexec(Verdict v) {
    return v.rule() != null
        && AclexecText.decider(v.rule().options()) == null
        && Aclexec.present(v);
  }
}
