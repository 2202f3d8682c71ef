package dev.tcpwrap.agent.engine;

import dev.tcpwrap.core.access.AddressVerdict;
import dev.tcpwrap.core.action.OptionPlan;
import dev.tcpwrap.core.request.Endpoint;
import dev.tcpwrap.core.resolve.HostResolver;
import dev.tcpwrap.core.rules.Rule;
import dev.tcpwrap.core.rules.RuleTable;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * The outcome of one access check, with what the access log needs and what the deciding rule's
 * options ask for.
 *
 * <p>A decision reached from the address alone ({@link #byAddress}) formats its texts only when
 * something asks for them: an allowed connection that is not logged never turns its address into a
 * string.
 */
public final class Decision {

  private final boolean granted;
  private final OptionPlan plan;
  private final AddressVerdict verdict;
  private final InetAddress client;
  private final boolean dualStack;
  private String clientInfo;
  private String clientAddress;
  private String ruleRef;

  /**
   * @param granted whether the client is handed to the application (a {@code twist} is not: the
   *     command gets the client)
   * @param clientInfo tcpd's {@code %c}-like text: {@code user@host} if ident gave a user, the host
   *     name if already known, else the address
   * @param clientAddress tcpd's {@code %a}: the client address as text
   * @param ruleRef which rule decided, e.g. {@code hosts.deny:3}, or {@code default}
   * @param plan the deciding rule's options to carry out (socket options, banner, spawn, twist,
   *     severity), computed at decision time; {@code null} when there is nothing to carry out
   */
  public Decision(
      boolean granted, String clientInfo, String clientAddress, String ruleRef, OptionPlan plan) {
    this.granted = granted;
    this.clientInfo = Objects.requireNonNull(clientInfo, "clientInfo");
    this.clientAddress = Objects.requireNonNull(clientAddress, "clientAddress");
    this.ruleRef = Objects.requireNonNull(ruleRef, "ruleRef");
    this.plan = plan;
    this.verdict = null;
    this.client = null;
    this.dualStack = false;
  }

  /** A decision without options to carry out. */
  public Decision(boolean granted, String clientInfo, String clientAddress, String ruleRef) {
    this(granted, clientInfo, clientAddress, ruleRef, null);
  }

  private Decision(AddressVerdict verdict, InetAddress client, boolean dualStack) {
    this.granted = verdict.granted();
    this.plan = null;
    this.verdict = verdict;
    this.client = client;
    this.dualStack = dualStack;
  }

  /**
   * A decision the rules reached from the daemon name and the client address alone: nothing to
   * carry out, no name looked up (so the client is shown by its address, {@code ::ffff:a.b.c.d} for
   * an IPv4 client of a dual-stack listener, as libwrap shows it).
   */
  public static Decision byAddress(AddressVerdict verdict, InetAddress client, boolean dualStack) {
    return new Decision(
        Objects.requireNonNull(verdict, "verdict"),
        Objects.requireNonNull(client, "client"),
        dualStack);
  }

  /**
   * @return whether the client is handed to the application
   */
  public boolean granted() {
    return granted;
  }

  /**
   * @return tcpd's {@code %c}-like text: {@code user@host}, the host name if known, else the
   *     address
   */
  public String clientInfo() {
    String c = clientInfo;
    if (c == null) {
      c = clientAddress(); // nothing was looked up: the address is all there is
      clientInfo = c;
    }
    return c;
  }

  /**
   * @return tcpd's {@code %a}: the client address as text
   */
  public String clientAddress() {
    String a = clientAddress;
    if (a == null) {
      a =
          Endpoint.ofSocket(new InetSocketAddress(client, 0), dualStack, HostResolver.NONE)
              .address();
      clientAddress = a;
    }
    return a;
  }

  /**
   * @return which rule decided, e.g. {@code hosts.deny:3}, or {@code default}
   */
  public String ruleRef() {
    String r = ruleRef;
    if (r == null) {
      r = verdict.ruleRef();
      ruleRef = r;
    }
    return r;
  }

  /**
   * @return the options to carry out, or {@code null} when there is nothing to carry out
   */
  public OptionPlan plan() {
    return plan;
  }

  /**
   * @return the file of the deciding rule, or {@code null} when no rule decided (never makes the
   *     rule object of a compact rule)
   */
  public String ruleFile() {
    if (verdict != null) {
      return verdict.file();
    }
    Rule r = plan == null ? null : plan.verdict().rule();
    return r == null ? null : r.file();
  }

  /**
   * @return the line of the deciding rule, or 0 when no rule decided
   */
  public int ruleLine() {
    if (verdict != null) {
      return verdict.line();
    }
    Rule r = plan == null ? null : plan.verdict().rule();
    return r == null ? 0 : r.line();
  }

  /**
   * @return the table of the deciding rule, or {@code null} when no rule decided
   */
  public RuleTable.Role table() {
    if (verdict != null) {
      return verdict.line() == 0 ? null : verdict.table();
    }
    if (plan == null || plan.verdict().rule() == null) {
      return null;
    }
    return plan.verdict().table();
  }

  @Override
  public String toString() {
    return "Decision[granted="
        + granted
        + ", client="
        + clientAddress()
        + ", rule="
        + ruleRef()
        + "]";
  }
}
