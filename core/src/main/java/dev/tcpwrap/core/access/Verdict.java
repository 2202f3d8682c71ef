package dev.tcpwrap.core.access;

import dev.tcpwrap.core.options.Option;
import dev.tcpwrap.core.request.Request;
import dev.tcpwrap.core.rules.Rule;
import dev.tcpwrap.core.rules.RuleTable;
import java.util.List;

/**
 * The decision for one request, and why.
 *
 * @param granted whether the client may pass
 * @param reason what decided
 * @param table the table of the deciding rule, or null
 * @param rule the deciding rule, or null ({@link Reason#DEFAULT}, {@link Reason#TABLE_ERROR})
 * @param options the deciding rule's options up to its first error, to be carried out by the caller
 * @param request the request, with whatever was looked up while deciding (for {@code %h} and log
 *     lines)
 */
public record Verdict(
    boolean granted,
    Reason reason,
    RuleTable.Role table,
    Rule rule,
    List<Option> options,
    Request request) {

  /** What decided a verdict. */
  public enum Reason {
    /**
     * A hosts.allow rule matched (or an {@code allow} option), or a hosts.deny rule with {@code
     * allow}.
     */
    ALLOW_RULE,
    /** A hosts.deny rule matched, or a rule with {@code deny}. */
    DENY_RULE,
    /**
     * A matched rule's options are wrong ({@code bad option name}, ...): denied, as libwrap does.
     */
    OPTION_ERROR,
    /**
     * A matched rule's {@code twist} hands the client to a command; the application never sees it.
     */
    TWIST,
    /**
     * hosts.deny could not be read to its end (unreadable, line too long, no final newline):
     * denied.
     */
    TABLE_ERROR,
    /** An internal evaluation failure (e.g. a {@code /file} loop): denied. */
    EVALUATION_ERROR,
    /** No rule matched: granted. */
    DEFAULT
  }

  /**
   * The deciding rule as {@code hosts.deny:3} (by the table's role, not its path), or {@code
   * default}.
   */
  public String ruleRef() {
    if (rule == null) {
      return "default";
    }
    return table.label() + ":" + rule.line();
  }

  /**
   * What libwrap's {@code hosts_access()} returns for the same request in dry-run: like {@link
   * #granted()}, except that a {@code twist} gives its table's verdict (libwrap delegates; tcpwrap
   * never lets such a client reach the application).
   */
  public boolean hostsAccessResult() {
    return reason == Reason.TWIST ? table == RuleTable.Role.ALLOW : granted;
  }

  /** {@code %c}: the client as tcpd logs it (host name only if a rule already looked it up). */
  public String clientInfo() {
    return request.clientInfo();
  }

  /** {@code %a}: the client address text. */
  public String clientAddress() {
    return request.client().address();
  }
}
