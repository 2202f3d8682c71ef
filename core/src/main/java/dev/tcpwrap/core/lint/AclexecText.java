package dev.tcpwrap.core.lint;

import dev.tcpwrap.core.options.Option;
import dev.tcpwrap.core.options.OptionKind;
import dev.tcpwrap.core.options.OptionList;
import dev.tcpwrap.core.rules.Rule;
import dev.tcpwrap.core.rules.RuleTable;

/**
 * What the agent does with a rule that has Debian's {@code aclexec} option, in words. libwrap runs
 * the command and waits for it: status 0 keeps the rule matched, anything else makes the whole
 * table not match. The agent does not run it (a command waited for on every accept) and assumes the
 * status that denies more ({@code core.action.Aclexec}): in hosts.allow the command "failed" and
 * hosts.deny decides; in hosts.deny it "succeeded" and the client is refused. An {@code allow},
 * {@code deny} or {@code twist} in the rule, or an option error, decides before the status counts,
 * in libwrap too.
 */
public final class AclexecText {

  /** How to avoid the difference. */
  static final String SUGGESTION =
      "the agent runs no command it would have to wait for on every accept; decide with patterns,"
          + " and run commands with spawn";

  private AclexecText() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /** What the agent does with a client {@code rule} (in a table of {@code role}) matches. */
  public static String what(Rule rule, RuleTable.Role role) {
    String head = "option \"aclexec\": the agent does not run the command";
    String decider = decider(rule.options());
    if (decider != null) {
      return head
          + "; the rule's "
          + decider
          + " decides, as in libwrap whatever the command returns";
    }
    return role == RuleTable.Role.ALLOW
        ? head
            + " and takes it as failed, so a client this rule matches is decided by hosts.deny"
            + " (libwrap grants it when the command exits 0)"
        : head
            + " and takes it as succeeded, so a client this rule matches is refused (libwrap grants"
            + " it when the command fails)";
  }

  /**
   * What decides the rule whatever the command returns: {@code "allow"}, {@code "deny"}, {@code
   * "twist"}, {@code "option error"}, or null.
   */
  public static String decider(OptionList options) {
    if (options.error() != null) {
      return "option error";
    }
    for (Option o : options.options()) {
      if (o.kind() == OptionKind.ALLOW
          || o.kind() == OptionKind.DENY
          || o.kind() == OptionKind.TWIST) {
        return "\"" + o.kind().keyword() + "\"";
      }
    }
    return null;
  }
}
