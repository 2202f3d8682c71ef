package dev.tcpwrap.core.lint;

import dev.tcpwrap.core.diag.Diagnostic;
import dev.tcpwrap.core.rules.LineReader;
import dev.tcpwrap.core.rules.LogicalLine;
import dev.tcpwrap.core.rules.Rule;
import dev.tcpwrap.core.rules.RuleTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One lint run over one file: what is being checked, and where the findings go. */
final class LintContext {

  private final RuleTable table;
  private final byte[] content;
  private final LintEnvironment environment;
  private List<LogicalLine> logicalLines;
  private Map<Integer, String> textByLine;
  private final List<Finding> findings = new ArrayList<>();
  private final Set<String> once = new HashSet<>();
  private NetgroupFile netgroups;
  private PatternFileGraph patternFiles;

  LintContext(RuleTable table, byte[] content, LintEnvironment environment) {
    this.table = table;
    this.content = content;
    this.environment = environment;
  }

  RuleTable table() {
    return table;
  }

  /** The file name as given to the engine. */
  String file() {
    return table.name();
  }

  /** The file's bytes, or null when the linter was given only the parsed table. */
  byte[] content() {
    return content;
  }

  /**
   * libwrap's logical lines of the content, or null without content. Made when first asked for (a
   * file that cannot be read to its end): a blocklist's lines are not all kept for a clean file.
   */
  List<LogicalLine> logicalLines() {
    if (logicalLines == null && content != null) {
      logicalLines = LineReader.read(content);
    }
    return logicalLines;
  }

  /**
   * The text of the logical line libwrap reports as {@code line}, or null (unknown or no content).
   * The texts of the table's skipped lines are read in one pass when the first is asked for; only
   * those are kept.
   */
  String logicalText(int line) {
    if (textByLine == null) {
      textByLine = new HashMap<>();
      Set<Integer> wanted = new HashSet<>();
      wanted.add(line);
      for (RuleTable.Entry e : skippedEntries()) {
        wanted.add(((RuleTable.SkippedEntry) e).warning().line());
      }
      if (content != null) {
        LineReader.scan(
            content,
            l -> {
              if (wanted.contains(l.line())) {
                textByLine.putIfAbsent(l.line(), l.text());
              }
            });
      }
    }
    return textByLine.get(line);
  }

  private List<RuleTable.Entry> skippedEntries() {
    List<RuleTable.Entry> out = new ArrayList<>();
    for (int i = 0; i < table.size(); i++) {
      if (table.isSkipped(i)) {
        out.add(table.entries().get(i));
      }
    }
    return out;
  }

  LintEnvironment environment() {
    return environment;
  }

  /** The netgroup file, read once per run. */
  NetgroupFile netgroups() {
    if (netgroups == null) {
      netgroups = NetgroupFile.read(environment);
    }
    return netgroups;
  }

  /** The pattern files of this run, each read once. */
  PatternFileGraph patternFiles() {
    if (patternFiles == null) {
      patternFiles = new PatternFileGraph(environment);
    }
    return patternFiles;
  }

  /** True the first time {@code key} is seen in this run (for once-per-file findings). */
  boolean first(String key) {
    return once.add(key);
  }

  void warning(Rule rule, int line, String message, String suggestion) {
    problem(Diagnostic.Severity.WARNING, rule, line, message, suggestion);
  }

  void warning(Rule rule, String message, String suggestion) {
    warning(rule, rule.line(), message, suggestion);
  }

  void error(Rule rule, int line, String message, String suggestion) {
    problem(Diagnostic.Severity.ERROR, rule, line, message, suggestion);
  }

  void error(Rule rule, String message, String suggestion) {
    error(rule, rule.line(), message, suggestion);
  }

  private void problem(
      Diagnostic.Severity severity, Rule rule, int line, String message, String suggestion) {
    findings.add(
        new Finding.Problem(rule, new Diagnostic(severity, file(), line, message, suggestion)));
  }

  void add(Finding f) {
    findings.add(f);
  }

  void note(Rule rule, int line, String message) {
    findings.add(new Finding.Note(rule, file(), line, message));
  }

  List<Finding> findings() {
    return findings;
  }
}
