package dev.tcpwrap.agent.engine;

import dev.tcpwrap.core.action.ProcessWideOptions;
import dev.tcpwrap.core.diag.Diagnostic;
import dev.tcpwrap.core.lint.RuleLinter;
import dev.tcpwrap.core.options.OptionKind;
import dev.tcpwrap.core.rules.RuleTable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The findings logged when a rule file is loaded or reloaded: the {@code check} findings ({@link
 * RuleLinter#lint(RuleTable)}), with each process-wide option ({@code setenv}, {@code umask},
 * {@code user}, {@code group}, {@code nice}, {@code aclexec}) explained by what it does, or does
 * not do, inside a JVM ({@link ProcessWideOptions#explanation}) rather than with the linter's
 * generic line.
 */
public final class RuleLint {

  // the findings of the table of each role linted last: the load report and status/JMX both ask
  // for those of the tables in force, and a pass takes seconds at a million rules
  private static final Linted[] LAST = new Linted[RuleTable.Role.values().length];

  private record Linted(RuleTable table, FutureTask<List<Diagnostic>> findings) {}

  private RuleLint() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /**
   * @param table a loaded table
   * @return its findings, one line per process-wide option with its explanation
   */
  public static List<Diagnostic> lint(RuleTable table) {
    int role = table.role().ordinal();
    Linted last;
    boolean mine = false;
    synchronized (LAST) {
      last = LAST[role];
      if (last == null || last.table() != table) {
        last = new Linted(table, new FutureTask<>(() -> findings(table)));
        LAST[role] = last;
        mine = true;
      }
    }
    if (mine) {
      last.findings().run(); // outside the lock: only a caller for this same table waits for it
    }
    try {
      return last.findings().get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return findings(table);
    }
  }

  private static List<Diagnostic> findings(RuleTable table) {
    List<Diagnostic> out = new ArrayList<>();
    for (Diagnostic d : RuleLinter.lint(table)) {
      String explained = explanation(d.message());
      out.add(
          explained == null
              ? d
              : new Diagnostic(d.severity(), d.file(), d.line(), explained, null));
    }
    return List.copyOf(out);
  }

  // the linter's 'option "umask" is parsed but has no effect inside a JVM' becomes the option's
  // explanation
  static String explanation(String message) {
    String prefix = "option \"";
    String suffix = "\" is parsed but has no effect inside a JVM";
    if (message == null || !message.startsWith(prefix) || !message.endsWith(suffix)) {
      return null;
    }
    String keyword = message.substring(prefix.length(), message.length() - suffix.length());
    for (OptionKind k : ProcessWideOptions.KINDS) {
      if (k.keyword().equals(keyword)) {
        return ProcessWideOptions.explanation(k);
      }
    }
    return null;
  }
}
