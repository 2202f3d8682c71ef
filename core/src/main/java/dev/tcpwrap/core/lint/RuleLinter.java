package dev.tcpwrap.core.lint;

import dev.tcpwrap.core.diag.Diagnostic;
import dev.tcpwrap.core.rules.Rule;
import dev.tcpwrap.core.rules.RuleTable;
import dev.tcpwrap.core.rules.RuleTableLoader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * tcpwrap's tcpdchk: every pitfall of the hosts_access(5) language in a parsed rule file, each
 * reported with the file, the line libwrap reports ({@link Rule#line()}: the last physical line of
 * a continued rule), the offending token and a suggested fix.
 *
 * <p>Severity: an <b>error</b> changes verdicts against the writer's evident intent or makes
 * libwrap deny (option errors, an empty option field, a file that cannot be read to its end, a line
 * without {@code :}, an unbracketed IPv6 address); a <b>warning</b> is a pattern that silently
 * never matches or matches more than it reads ({@code 192.168.1.5/24}, {@code [net/len]}, {@code #
 * comment} words, ...). Notes (name-based patterns cause DNS lookups; a missing file is empty) are
 * information only.
 *
 * <p>Each pitfall family is one {@link RuleCheck} or {@link FileCheck}; the linter only runs them.
 * Checks do not throw; should one fail anyway, its failure becomes a warning rather than an
 * exception.
 */
public final class RuleLinter {

  /** Checks of each rule, in reporting order. */
  private static final List<RuleCheck> RULE_CHECKS =
      List.of(
          new ListStructureCheck(),
          new UnbracketedIpv6Check(),
          new BracketedIpv6Check(),
          new NetMaskCheck(),
          new HostNameCheck(),
          new NetgroupCheck(),
          new PatternFileCheck(),
          new IdentCheck(),
          new OptionCheck());

  private RuleLinter() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /**
   * The warnings and errors of a parsed table (no raw-text checks), reading pattern files and
   * netgroups.
   */
  public static List<Diagnostic> lint(RuleTable table) {
    return report(table, null, LintEnvironment.system()).diagnostics();
  }

  /**
   * The warnings and errors of a file: the raw-text checks over {@code content} (comments ending in
   * a backslash, backslash before CRLF, NUL bytes, why the file ends in error) plus the checks of
   * {@code table}, which must be {@code content} parsed; null parses it as a hosts.allow named
   * {@code name}.
   */
  public static List<Diagnostic> lint(String name, byte[] content, RuleTable table) {
    RuleTable t =
        table != null ? table : RuleTableLoader.parse(name, RuleTable.Role.ALLOW, content);
    return report(t, content, LintEnvironment.system()).diagnostics();
  }

  /**
   * Everything found in one file, with notes and the rule each finding belongs to.
   *
   * @param table the parsed file
   * @param content its bytes, or null to skip the raw-text checks
   * @param environment where pattern files and netgroups are read
   */
  public static LintReport report(RuleTable table, byte[] content, LintEnvironment environment) {
    LintContext ctx = new LintContext(table, content, environment);
    run(ctx, new LexicalCheck());
    List<RuleWalk> walks = List.of(new ReachabilityCheck(), new DnsLookupNote());
    // one walk, each rule made once for every check (a compact rule is made here and dropped)
    for (int i = 0; i < table.size(); i++) {
      Rule rule = Rules.at(table, i);
      if (rule == null) {
        continue;
      }
      for (RuleCheck check : RULE_CHECKS) {
        try {
          check.check(rule, ctx);
        } catch (RuntimeException | StackOverflowError e) {
          internalError(ctx, rule, rule.line(), check, e, "the rule");
        }
      }
      for (RuleWalk walk : walks) {
        try {
          walk.rule(i, rule, ctx);
        } catch (RuntimeException | StackOverflowError e) {
          internalError(ctx, rule, rule.line(), walk, e, "the rule");
        }
      }
    }
    for (RuleWalk walk : walks) {
      try {
        walk.end(ctx);
      } catch (RuntimeException | StackOverflowError e) {
        internalError(ctx, null, 0, walk, e, "the file");
      }
    }
    run(ctx, new TableStructureCheck());
    List<Finding> sorted = new ArrayList<>(ctx.findings());
    sorted.sort(Comparator.comparingInt(Finding::line));
    return new LintReport(table, List.copyOf(sorted));
  }

  private static void run(LintContext ctx, FileCheck check) {
    try {
      check.check(ctx);
    } catch (RuntimeException | StackOverflowError e) {
      internalError(ctx, null, 0, check, e, "the file");
    }
  }

  /** A failing check becomes a finding, so that one bug does not cost the whole report. */
  private static void internalError(
      LintContext ctx, Rule rule, int line, Object check, Throwable e, String unchecked) {
    ctx.warning(
        rule,
        line,
        "internal error in " + check.getClass().getSimpleName() + ": " + Texts.t(String.valueOf(e)),
        "please report this; " + unchecked + " was not fully checked");
  }
}
