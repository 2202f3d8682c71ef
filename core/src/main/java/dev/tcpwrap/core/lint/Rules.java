package dev.tcpwrap.core.lint;

import dev.tcpwrap.core.rules.PackedEntries;
import dev.tcpwrap.core.rules.Rule;
import dev.tcpwrap.core.rules.RuleTable;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The rules of a table, in order, one at a time: a compact rule is made for the walk and not kept
 * ({@link PackedEntries#transientRule}), so that linting a million-line blocklist holds one rule at
 * a time, not a million.
 */
final class Rules {

  private Rules() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  static Iterable<Rule> of(RuleTable table) {
    return () ->
        new Iterator<>() {
          private int i = -1;
          private Rule next = advance();

          private Rule advance() {
            while (++i < table.size()) {
              Rule r = at(table, i);
              if (r != null) {
                return r;
              }
            }
            return null;
          }

          @Override
          public boolean hasNext() {
            return next != null;
          }

          @Override
          public Rule next() {
            if (next == null) {
              throw new NoSuchElementException();
            }
            Rule r = next;
            next = advance();
            return r;
          }
        };
  }

  /** Entry {@code i} as a rule (not kept, when compact), or null for a skipped line. */
  static Rule at(RuleTable table, int i) {
    if (table.entries() instanceof PackedEntries packed) {
      return packed.transientRule(i);
    }
    return table.entries().get(i) instanceof RuleTable.RuleEntry r ? r.rule() : null;
  }
}
