package dev.tcpwrap.core.tools;

import dev.tcpwrap.core.files.FileRead;
import dev.tcpwrap.core.files.RuleFileReader;
import dev.tcpwrap.core.lint.Finding;
import dev.tcpwrap.core.lint.LintEnvironment;
import dev.tcpwrap.core.lint.LintReport;
import dev.tcpwrap.core.lint.RuleLinter;
import dev.tcpwrap.core.options.Option;
import dev.tcpwrap.core.rules.Rule;
import dev.tcpwrap.core.rules.RuleTable;
import dev.tcpwrap.core.rules.RuleTableLoader;
import dev.tcpwrap.core.text.RuleText;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code check [--allow F] [--deny F] [-v]}: our tcpdchk. Prints every diagnostic of both files
 * (the {@code warning:}/{@code error:} lines Debian's hardened tcpdchk loses), and with {@code -v}
 * each rule as {@code tcpdchk -v} shows it. Exit status 0 when clean (notes allowed), 1 with
 * warnings, 2 with errors. Arbitrary bytes in a rule file produce diagnostics, never an exception.
 */
final class CheckCommand {

  private CheckCommand() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  static int run(String[] args, PrintStream out, PrintStream err) throws UsageException {
    Args a = Args.parse(args, false);
    if (!a.operands.isEmpty()) {
      throw new UsageException(
          "unexpected argument \""
              + RuleText.printable(a.operands.get(0))
              + "\" (usage: check [--allow FILE] [--deny FILE] [-v])");
    }
    Printer p = new Printer(out);
    int status = 0;
    status = Math.max(status, check(a.allow, RuleTable.Role.ALLOW, a.verbose, p));
    status = Math.max(status, check(a.deny, RuleTable.Role.DENY, a.verbose, p));
    out.flush();
    return status;
  }

  private static int check(Path path, RuleTable.Role role, boolean verbose, Printer p) {
    try {
      LintReport report = lint(path, role);
      if (verbose) {
        verbose(report, p);
      } else {
        FindingSummary.print(report.findings(), p::line);
      }
      return report.exitStatus();
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      p.line("error: " + path + ": internal error while checking: " + String.valueOf(e));
      return 2;
    }
  }

  /**
   * Reads the file once, as the agent reads it ({@link RuleFileReader}: a directory, FIFO or device
   * is not read, and is reported), and lints exactly those bytes.
   */
  private static LintReport lint(Path path, RuleTable.Role role) {
    FileRead read = RuleFileReader.read(path);
    RuleTable table = RuleTableLoader.load(path.toString(), role, read);
    byte[] content = read.outcome() == FileRead.Outcome.READ ? read.content() : null;
    return RuleLinter.report(table, content, LintEnvironment.system());
  }

  /** tcpdchk -v: a block per rule, file-level findings between the blocks in line order. */
  private static void verbose(LintReport report, Printer p) {
    List<Finding> pending = new ArrayList<>();
    // by line, not by rule object: a compact rule is made afresh each time it is read, and a line
    // is one rule's within a file
    Map<Integer, List<Finding>> byRule = new HashMap<>();
    for (Finding f : report.findings()) {
      if (f.rule() == null) {
        pending.add(f);
      } else {
        byRule.computeIfAbsent(f.rule().line(), r -> new ArrayList<>()).add(f);
      }
    }
    int next = 0;
    RuleTable table = report.table();
    for (int i = 0; i < table.size(); i++) {
      // a compact rule is made here and not kept: -v on a blocklist holds one rule at a time
      Rule rule = table.entries().get(i) instanceof RuleTable.RuleEntry re ? re.rule() : null;
      if (rule == null) {
        continue;
      }
      List<String> loose = new ArrayList<>();
      while (next < pending.size() && pending.get(next).line() < rule.line()) {
        loose.add(pending.get(next++).text());
      }
      p.block(loose);
      List<String> block = new ArrayList<>();
      block.add(">>> Rule " + rule.file() + " line " + rule.line() + ":");
      block.add("daemons:  " + rule.daemons());
      block.add("clients:  " + rule.clients());
      for (Option o : rule.options().options()) {
        block.add(("option:   " + o).stripTrailing());
      }
      for (Finding f : byRule.getOrDefault(rule.line(), List.of())) {
        block.add(f.text());
      }
      block.add("access:   " + AccessLine.of(rule, report.table().role()));
      p.block(block);
    }
    p.block(pending.subList(next, pending.size()).stream().map(Finding::text).toList());
  }

  /**
   * Output with a blank line between blocks. Every line is escaped here, once ({@link
   * RuleText#printable}): findings and rules carry the files' bytes as they are.
   */
  private static final class Printer {
    private final PrintStream out;
    private boolean printed;

    Printer(PrintStream out) {
      this.out = out;
    }

    void line(String s) {
      out.println(RuleText.printable(s));
      printed = true;
    }

    void block(List<String> lines) {
      if (lines.isEmpty()) {
        return;
      }
      if (printed) {
        out.println();
      }
      for (String s : lines) {
        out.println(RuleText.printable(s));
      }
      printed = true;
    }
  }
}
