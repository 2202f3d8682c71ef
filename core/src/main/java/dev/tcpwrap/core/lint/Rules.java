package dev.tcpwrap.core.lint;

import dev.tcpwrap.core.rules.PackedEntries;
import dev.tcpwrap.core.rules.Rule;
import dev.tcpwrap.core.rules.RuleTable;

/**
 * The rules of a table by entry; a compact rule is made for the caller and not kept ({@link
 * PackedEntries#get}), so that linting a million-line blocklist holds one rule at a time, not a
 * million.
 */
final class Rules {

  private Rules() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /** Entry {@code i} as a rule (not kept, when compact), or null for a skipped line. */
  static Rule at(RuleTable table, int i) {
    return table.entries().get(i) instanceof RuleTable.RuleEntry r ? r.rule() : null;
  }
}
