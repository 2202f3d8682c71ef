package dev.tcpwrap.agent.engine;

import java.util.Objects;

/**
 * The outcome of one access check, with what the access log needs.
 *
 * @param granted       whether the client may connect
 * @param clientInfo    tcpd's {@code %c}-like text: the host name if already known, else the address
 * @param clientAddress tcpd's {@code %a}: the client address as text
 * @param ruleRef       which rule decided, e.g. {@code hosts.deny:3}, or {@code default}
 */
public record Decision(boolean granted, String clientInfo, String clientAddress, String ruleRef) {

  /** Validates the components. */
  public Decision {
    Objects.requireNonNull(clientInfo, "clientInfo");
    Objects.requireNonNull(clientAddress, "clientAddress");
    Objects.requireNonNull(ruleRef, "ruleRef");
  }
}
