package dev.tcpwrap.agent.engine;

import dev.tcpwrap.core.action.OptionPlan;
import java.util.Objects;

/**
 * The outcome of one access check, with what the access log needs and what the deciding rule's options ask for.
 *
 * @param granted       whether the client is handed to the application (a {@code twist} is not: the command
 *                      gets the client)
 * @param clientInfo    tcpd's {@code %c}-like text: {@code user@host} if ident gave a user, the host name if
 *                      already known, else the address
 * @param clientAddress tcpd's {@code %a}: the client address as text
 * @param ruleRef       which rule decided, e.g. {@code hosts.deny:3}, or {@code default}
 * @param plan          the deciding rule's options to carry out (socket options, banner, spawn, twist,
 *                      severity), computed at decision time; {@code null} when there is nothing to carry out
 */
public record Decision(boolean granted, String clientInfo, String clientAddress, String ruleRef, OptionPlan plan) {

  /** Validates the components. */
  public Decision {
    Objects.requireNonNull(clientInfo, "clientInfo");
    Objects.requireNonNull(clientAddress, "clientAddress");
    Objects.requireNonNull(ruleRef, "ruleRef");
  }

  /** A decision without options to carry out. */
  public Decision(boolean granted, String clientInfo, String clientAddress, String ruleRef) {
    this(granted, clientInfo, clientAddress, ruleRef, null);
  }
}
