package dev.tcpwrap.core.lint;

import dev.tcpwrap.core.diag.Diagnostic;
import dev.tcpwrap.core.rules.Rule;

/**
 * One thing the linter reports about a rule file: a {@link Problem} (warning or error) or an
 * informational {@link Note}. {@link #rule()} is the rule it is about, or null for a file-level
 * finding (a skipped line, a comment, the end of the file), so that {@code check -v} can print it
 * inside the rule's block.
 */
public sealed interface Finding permits Finding.Problem, Finding.Note {

  /** The rule the finding belongs to, or null. */
  Rule rule();

  /** The physical line libwrap reports (0 when not inside the file). */
  int line();

  /** The line as printed. */
  String text();

  /** A warning or an error. */
  record Problem(Rule rule, Diagnostic diagnostic) implements Finding {
    @Override
    public int line() {
      return diagnostic.line();
    }

    @Override
    public String text() {
      return diagnostic.toString();
    }
  }

  /**
   * Information that does not change the exit status: {@code note: FILE, line N: message}.
   *
   * @param rule the rule, or null
   * @param file the rule file, or null
   * @param line the physical line, or 0
   * @param message the text
   */
  record Note(Rule rule, String file, int line, String message) implements Finding {
    @Override
    public String text() {
      return file == null
          ? "note: " + message
          : line > 0
              ? "note: " + file + ", line " + line + ": " + message
              : "note: " + file + ": " + message;
    }
  }
}
