package dev.tcpwrap.core.access;

import dev.tcpwrap.core.access.index.TableIndex;
import dev.tcpwrap.core.rules.Rule;
import dev.tcpwrap.core.rules.RuleTable;

/**
 * A verdict reached from the daemon name and the client address alone ({@link
 * AccessControl#decideAddress}): the deciding rule has nothing to carry out (no options, or only
 * {@code allow} / {@code deny}), nothing was looked up, and nothing was reported. For a rule in
 * full form one instance per rule, shared by every connection it decides; for a compact rule (a
 * blocklist line) one small instance per decision, which makes the rule object only when {@link
 * #rule()} is asked for ({@link #line()} and {@link #ruleRef()} do not need it).
 */
public final class AddressVerdict {

  /** No rule matched: granted. */
  static final AddressVerdict DEFAULT =
      new AddressVerdict(true, Verdict.Reason.DEFAULT, null, null);

  private final boolean granted;
  private final Verdict.Reason reason;
  private final RuleTable.Role table;
  private final Rule rule;
  private final TableIndex source;
  private final int number;

  /**
   * @param granted whether the client may pass
   * @param reason what decided ({@link Verdict.Reason#ALLOW_RULE}, {@link Verdict.Reason#DENY_RULE}
   *     or {@link Verdict.Reason#DEFAULT})
   * @param table the table of the deciding rule, or null for the default
   * @param rule the deciding rule, or null for the default
   */
  public AddressVerdict(boolean granted, Verdict.Reason reason, RuleTable.Role table, Rule rule) {
    this(granted, reason, table, rule, null, -1);
  }

  private AddressVerdict(
      boolean granted,
      Verdict.Reason reason,
      RuleTable.Role table,
      Rule rule,
      TableIndex source,
      int number) {
    this.granted = granted;
    this.reason = reason;
    this.table = table;
    this.rule = rule;
    this.source = source;
    this.number = number;
  }

  /** The verdict of compact rule {@code number} of {@code source} (no options: its table's). */
  static AddressVerdict compact(RuleTable.Role table, TableIndex source, int number) {
    boolean granted = table == RuleTable.Role.ALLOW;
    return new AddressVerdict(
        granted,
        granted ? Verdict.Reason.ALLOW_RULE : Verdict.Reason.DENY_RULE,
        table,
        null,
        source,
        number);
  }

  /** Whether the client may pass. */
  public boolean granted() {
    return granted;
  }

  /** What decided. */
  public Verdict.Reason reason() {
    return reason;
  }

  /** The table of the deciding rule, or null for the default. */
  public RuleTable.Role table() {
    return table;
  }

  /**
   * The deciding rule, or null for the default. For a compact rule, made on each call (a new
   * object: compare by {@link #line()}).
   */
  public Rule rule() {
    return source == null ? rule : source.rule(number);
  }

  /** The deciding rule's file, or null for the default; never makes the rule. */
  public String file() {
    return source == null ? (rule == null ? null : rule.file()) : source.table().name();
  }

  /** The deciding rule's line, or 0 for the default; never makes the rule. */
  public int line() {
    return source == null ? (rule == null ? 0 : rule.line()) : source.line(number);
  }

  /**
   * The deciding rule as {@code hosts.deny:3}, or {@code default}, as {@link Verdict#ruleRef()}.
   */
  public String ruleRef() {
    return table == null || (rule == null && source == null)
        ? "default"
        : table.label() + ":" + line();
  }

  @Override
  public String toString() {
    return "AddressVerdict[granted=" + granted + ", reason=" + reason + ", rule=" + ruleRef() + "]";
  }
}
