package dev.tcpwrap.core.access;

import dev.tcpwrap.core.rules.Rule;
import dev.tcpwrap.core.rules.RuleTable;

/**
 * A verdict reached from the daemon name and the client address alone ({@link
 * AccessControl#decideAddress}): the deciding rule has nothing to carry out (no options, or only
 * {@code allow} / {@code deny}), nothing was looked up, and nothing was reported. One instance per
 * rule, shared by every connection it decides.
 *
 * @param granted whether the client may pass
 * @param reason what decided ({@link Verdict.Reason#ALLOW_RULE}, {@link Verdict.Reason#DENY_RULE}
 *     or {@link Verdict.Reason#DEFAULT})
 * @param table the table of the deciding rule, or null for the default
 * @param rule the deciding rule, or null for the default
 */
public record AddressVerdict(
    boolean granted, Verdict.Reason reason, RuleTable.Role table, Rule rule) {

  /** No rule matched: granted. */
  static final AddressVerdict DEFAULT =
      new AddressVerdict(true, Verdict.Reason.DEFAULT, null, null);

  /**
   * The deciding rule as {@code hosts.deny:3}, or {@code default}, as {@link Verdict#ruleRef()}.
   */
  public String ruleRef() {
    return rule == null ? "default" : table.label() + ":" + rule.line();
  }
}
