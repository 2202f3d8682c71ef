package dev.tcpwrap.core.diag;

/**
 * One finding about a rule file or an evaluation, printed in tcpd's form {@code warning: FILE, line
 * N: message} (or {@code error: ...}).
 *
 * @param severity {@link Severity#WARNING} (libwrap's {@code tcpd_warn}) or {@link Severity#ERROR}
 *     ({@code tcpd_jump}, which denies)
 * @param file the rule file as named to the engine, or null when not inside a file
 * @param line the physical line ({@code tcpd_context.line}), or 0
 * @param message what is wrong, already made printable
 * @param suggestion how to fix it, or null
 */
public record Diagnostic(
    Severity severity, String file, int line, String message, String suggestion) {

  /** How bad a finding is. */
  public enum Severity {
    /** Reported; the verdict follows libwrap. */
    WARNING,
    /** The rule being evaluated denies, as libwrap's {@code tcpd_jump()}. */
    ERROR;

    String label() {
      return this == WARNING ? "warning" : "error";
    }
  }

  /** A warning inside a file. */
  public static Diagnostic warning(String file, int line, String message) {
    return new Diagnostic(Severity.WARNING, file, line, message, null);
  }

  /** A lint warning with a suggested fix. */
  public static Diagnostic warning(String file, int line, String message, String suggestion) {
    return new Diagnostic(Severity.WARNING, file, line, message, suggestion);
  }

  /** An error inside a file. */
  public static Diagnostic error(String file, int line, String message) {
    return new Diagnostic(Severity.ERROR, file, line, message, null);
  }

  /** tcpd's text: {@code warning: hosts.allow, line 3: message}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(severity.label()).append(": ");
    if (file != null) {
      sb.append(file).append(", line ").append(line).append(": ");
    }
    sb.append(message);
    if (suggestion != null) {
      sb.append(" (").append(suggestion).append(')');
    }
    return sb.toString();
  }
}
