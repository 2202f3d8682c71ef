package dev.tcpwrap.core.match;

import dev.tcpwrap.core.diag.RuleError;

/** One token of a daemon or client list. */
public interface ListPattern {

  /** The token as written. */
  String token();

  /** Whether the token matches the request being evaluated. */
  boolean matches(Evaluation ev) throws RuleError;
}
