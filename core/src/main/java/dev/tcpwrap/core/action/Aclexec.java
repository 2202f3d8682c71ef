package dev.tcpwrap.core.action;

import dev.tcpwrap.core.access.AccessControl;
import dev.tcpwrap.core.access.Verdict;
import dev.tcpwrap.core.match.MatchEnvironment;
import dev.tcpwrap.core.options.Option;
import dev.tcpwrap.core.options.OptionKind;
import dev.tcpwrap.core.rules.RuleTable;
import java.util.List;

/**
 * What tcpwrap does with Debian's {@code aclexec cmd} option, which tcpwrap never runs.
 *
 * <p>In libwrap the command runs (and is waited for) when the rule matches; exit status 0 leaves
 * the rule matched; anything else makes the whole table not match, after the rule's remaining
 * options have run. So in hosts.allow a failing command sends the request on to hosts.deny, and in
 * hosts.deny a failing command grants (reference §2.2, cases R17–R21). Running and waiting for a
 * command on every accept is what the {@code spawn} bounds exist to avoid, and a dropped command
 * would have no honest exit status, so tcpwrap does not run it. To keep "never grant a client that
 * libwrap would deny", it assumes whichever status denies more:
 *
 * <ul>
 *   <li>hosts.allow: as if the command <b>failed</b>: the allow table does not match and hosts.deny
 *       decides ({@link Effect#CONSULT_DENY}). libwrap would either grant (status 0) or do the
 *       same; hosts.deny's outcome is never more generous.
 *   <li>hosts.deny: as if it <b>succeeded</b>: the rule stays matched and the client is refused.
 *       That is the verdict the engine already gives, so nothing changes ({@link Effect#NONE}).
 *   <li>A rule where {@code allow}, {@code deny} or {@code twist} follows the {@code aclexec}, or
 *       whose options end in an error, is decided by those before the exit status counts in libwrap
 *       either: nothing changes.
 * </ul>
 *
 * libwrap's other options of the rule still run in both cases, so an {@link OptionPlan} of the
 * hosts.allow rule is carried out and followed by the plan of the hosts.deny verdict ({@link
 * OptionPlan#followedBy}).
 *
 * <p>Not replicated: Debian's {@code aclexec_matched} is a global that is never reset, so in a
 * long-lived process calling {@code hosts_access()} repeatedly, one failing aclexec makes every
 * later table scan fail (reference §5.3, "sticky aclexec"). tcpd runs once per connection and never
 * shows it.
 */
public final class Aclexec {

  /** What an {@code aclexec} in the deciding rule asks of the caller. */
  public enum Effect {
    /**
     * Nothing: no aclexec, or its status cannot change the outcome, or the verdict already denies.
     */
    NONE,
    /** Decide the request again with hosts.deny alone ({@link #denyOnly}), and use that verdict. */
    CONSULT_DENY
  }

  private Aclexec() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /** Whether the deciding rule has an {@code aclexec} option (before any error). */
  public static boolean present(Verdict v) {
    return v.options().stream().anyMatch(o -> o.kind() == OptionKind.ACLEXEC);
  }

  /** What the deciding rule's {@code aclexec}, if any, asks for. */
  public static Effect effect(Verdict v) {
    if (!present(v)
        || v.table() != RuleTable.Role.ALLOW
        || v.reason() != Verdict.Reason.ALLOW_RULE) {
      return Effect.NONE;
    }
    List<Option> options = v.options();
    for (Option o : options) {
      if (o.kind() == OptionKind.ALLOW) {
        return Effect.NONE; // libwrap's allow jumps out before the status is looked at
      }
    }
    return Effect.CONSULT_DENY;
  }

  /**
   * An engine over the same hosts.deny with an empty hosts.allow, for {@link Effect#CONSULT_DENY}:
   * deciding a request with it is what libwrap does after hosts.allow returned "no match". Build it
   * once per loaded {@code engine} (with the environment the engine was built with), not per
   * request.
   */
  public static AccessControl denyOnly(AccessControl engine, MatchEnvironment environment) {
    RuleTable allow = engine.allowTable();
    RuleTable empty = new RuleTable(allow.name(), RuleTable.Role.ALLOW, List.of(), null, true);
    return AccessControl.of(empty, engine.denyTable(), environment);
  }
}
