package dev.tcpwrap.core.lint;

import dev.tcpwrap.core.rules.Rule;

/**
 * A check of relations between the rules of a file, fed the rules one by one in file order by the
 * linter's single walk over them: a blocklist's million rules are made once for all checks, not
 * once per check. A new instance per file. Must not throw; reports through the context.
 */
interface RuleWalk {

  /** The next rule, entry {@code entry} of the table. */
  void rule(int entry, Rule rule, LintContext ctx);

  /** After the last rule. */
  default void end(LintContext ctx) {}
}
