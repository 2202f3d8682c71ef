package dev.tcpwrap.core.lint;

import dev.tcpwrap.core.match.ClientPattern;
import dev.tcpwrap.core.match.DaemonPattern;
import dev.tcpwrap.core.match.HostPattern;
import dev.tcpwrap.core.rules.Rule;
import dev.tcpwrap.core.text.RuleText;
import java.util.ArrayList;
import java.util.List;

/**
 * The host patterns of a rule: every client token's host part and every {@code daemon@host} server
 * part.
 */
final class HostPatterns {

  private HostPatterns() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /** All host patterns of the rule, clients first, in order. */
  static List<HostPattern> of(Rule rule) {
    List<HostPattern> out = new ArrayList<>();
    for (List<ClientPattern> seg : rule.clients().segments()) {
      for (ClientPattern c : seg) {
        out.add(c.host());
      }
    }
    for (List<DaemonPattern> seg : rule.daemons().segments()) {
      for (DaemonPattern d : seg) {
        if (d.serverHost() != null) {
          out.add(d.serverHost());
        }
      }
    }
    return out;
  }

  /** The tokens of the rule's host patterns that start with {@code prefix}, in order. */
  static List<String> tokensStartingWith(Rule rule, String prefix) {
    List<String> out = new ArrayList<>();
    for (HostPattern hp : of(rule)) {
      if (hp.token().startsWith(prefix)) {
        out.add(hp.token());
      }
    }
    return out;
  }

  /** All client tokens, in order. */
  static List<ClientPattern> clients(Rule rule) {
    List<ClientPattern> out = new ArrayList<>();
    for (List<ClientPattern> seg : rule.clients().segments()) {
      out.addAll(seg);
    }
    return out;
  }

  /** All daemon tokens, in order. */
  static List<DaemonPattern> daemons(Rule rule) {
    List<DaemonPattern> out = new ArrayList<>();
    for (List<DaemonPattern> seg : rule.daemons().segments()) {
      out.addAll(seg);
    }
    return out;
  }

  /** The tokens of a list as written (EXCEPT included), split again from the list text. */
  static List<String> tokens(Object list) {
    return RuleText.tokens(list.toString());
  }
}
