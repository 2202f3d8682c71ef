package dev.tcpwrap.core.lint;

import dev.tcpwrap.core.rules.Rule;
import dev.tcpwrap.core.rules.RuleTable;
import java.util.ArrayList;
import java.util.List;

/** The rules of a table, in order. */
final class Rules {

  private Rules() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  static List<Rule> of(RuleTable table) {
    List<Rule> out = new ArrayList<>();
    for (RuleTable.Entry e : table.entries()) {
      if (e instanceof RuleTable.RuleEntry r) {
        out.add(r.rule());
      }
    }
    return out;
  }
}
