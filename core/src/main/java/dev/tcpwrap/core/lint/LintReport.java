package dev.tcpwrap.core.lint;

import dev.tcpwrap.core.diag.Diagnostic;
import dev.tcpwrap.core.rules.Rule;
import dev.tcpwrap.core.rules.RuleTable;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the linter found in one rule file, ordered by line (findings on the same line in the
 * order the checks ran).
 *
 * @param table the parsed file
 * @param findings the findings
 */
public record LintReport(RuleTable table, List<Finding> findings) {

  /** The warnings and errors. */
  public List<Diagnostic> diagnostics() {
    List<Diagnostic> out = new ArrayList<>();
    for (Finding f : findings) {
      if (f instanceof Finding.Problem p) {
        out.add(p.diagnostic());
      }
    }
    return out;
  }

  /** The informational notes. */
  public List<Finding.Note> notes() {
    List<Finding.Note> out = new ArrayList<>();
    for (Finding f : findings) {
      if (f instanceof Finding.Note n) {
        out.add(n);
      }
    }
    return out;
  }

  /** The findings about one rule. */
  public List<Finding> about(Rule rule) {
    List<Finding> out = new ArrayList<>();
    for (Finding f : findings) {
      // by file and line: a compact rule is made afresh each time it is read
      if (f.rule() != null
          && f.rule().line() == rule.line()
          && f.rule().file().equals(rule.file())) {
        out.add(f);
      }
    }
    return out;
  }

  /** {@code check}'s exit status for this file: 2 with an error, 1 with a warning, else 0. */
  public int exitStatus() {
    int status = 0;
    for (Diagnostic d : diagnostics()) {
      status = Math.max(status, d.severity() == Diagnostic.Severity.ERROR ? 2 : 1);
    }
    return status;
  }
}
