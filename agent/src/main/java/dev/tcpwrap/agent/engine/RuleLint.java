package dev.tcpwrap.agent.engine;

import dev.tcpwrap.core.action.ProcessWideOptions;
import dev.tcpwrap.core.diag.Diagnostic;
import dev.tcpwrap.core.lint.RuleLinter;
import dev.tcpwrap.core.options.OptionKind;
import dev.tcpwrap.core.rules.RuleTable;
import java.util.ArrayList;
import java.util.List;

/**
 * The findings logged when a rule file is loaded or reloaded: the {@code check} findings ({@link
 * RuleLinter#lint(RuleTable)}), with each process-wide option ({@code setenv}, {@code umask},
 * {@code user}, {@code group}, {@code nice}, {@code aclexec}) explained by what it does, or does
 * not do, inside a JVM ({@link ProcessWideOptions#explanation}) rather than with the linter's
 * generic line.
 */
public final class RuleLint {

  private RuleLint() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /**
   * @param table a loaded table
   * @return its findings, one line per process-wide option with its explanation
   */
  public static List<Diagnostic> lint(RuleTable table) {
    List<Diagnostic> out = new ArrayList<>();
    for (Diagnostic d : RuleLinter.lint(table)) {
      String explained = explanation(d.message());
      out.add(
          explained == null
              ? d
              : new Diagnostic(d.severity(), d.file(), d.line(), explained, null));
    }
    return out;
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
