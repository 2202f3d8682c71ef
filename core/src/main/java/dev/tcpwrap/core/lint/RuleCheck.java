package dev.tcpwrap.core.lint;

import dev.tcpwrap.core.rules.Rule;

/** A check of one rule (one pitfall family). Must not throw; reports through the context. */
interface RuleCheck {

  void check(Rule rule, LintContext ctx);
}
