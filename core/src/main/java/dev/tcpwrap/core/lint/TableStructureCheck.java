package dev.tcpwrap.core.lint;

import dev.tcpwrap.core.diag.Diagnostic;
import dev.tcpwrap.core.rules.LineReader;
import dev.tcpwrap.core.rules.LogicalLine;
import dev.tcpwrap.core.rules.RuleTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * What libwrap itself reports while scanning a file: a file it cannot open, a line too long or
 * without its final newline (both end the scan in error: fail-closed in hosts.deny), and lines
 * skipped for a missing {@code :}. A missing file is only noted: libwrap treats it as empty,
 * silently.
 */
final class TableStructureCheck implements FileCheck {

  @Override
  public void check(LintContext ctx) {
    RuleTable table = ctx.table();
    if (table.missing()) {
      ctx.add(
          new Finding.Note(
              null, ctx.file(), 0, "no such file (treated as empty, as libwrap does)"));
    }
    for (int i = 0; i < table.size(); i++) {
      if (table.isSkipped(i) && table.entries().get(i) instanceof RuleTable.SkippedEntry s) {
        skipped(s.warning(), ctx);
      }
    }
    Diagnostic failure = table.failure();
    if (failure == null) {
      return;
    }
    boolean deny = table.role() == RuleTable.Role.DENY;
    if (failure.file() == null) {
      ctx.add(
          new Finding.Problem(
              null,
              new Diagnostic(
                  Diagnostic.Severity.ERROR, null, 0, failure.message(), unreadable(ctx, deny))));
      return;
    }
    int line = failure.line();
    ctx.error(null, line, failure.message(), cause(ctx));
    ctx.error(
        null,
        line,
        "all the subsequent rules will be ignored",
        deny
            ? "libwrap stops reading hosts.deny here and then DENIES every client not allowed by hosts.allow"
            : "libwrap ignores the rest of hosts.allow; clients not allowed by the lines before are"
                + " decided by hosts.deny");
  }

  /**
   * What the agent does with a rule file it cannot read, and where libwrap would differ: it reads a
   * directory as empty, and waits on a FIFO or reads a device without end, where the agent reads
   * only regular files.
   */
  private static String unreadable(LintContext ctx, boolean deny) {
    String agent =
        deny
            ? "hosts.deny cannot be read, so the agent DENIES every client not allowed by hosts.allow"
            : "hosts.allow cannot be read, so hosts.deny decides for every client";
    String libwrap = deny ? ", as libwrap does" : ", as in libwrap";
    try {
      Path p = Paths.get(ctx.file());
      if (Files.isDirectory(p)) {
        libwrap =
            deny
                ? " (libwrap reads a directory as an empty file and lets them in)"
                : " (libwrap reads a directory as an empty file: the same)";
      } else if (Files.exists(p) && !Files.isRegularFile(p)) {
        libwrap = " (libwrap would wait on a FIFO, or read a device without end)";
      }
    } catch (RuntimeException e) {
      // no path: no comparison to make
    }
    return agent + libwrap + "; make it a readable regular file";
  }

  /** What exactly is wrong with the unterminated logical line, when the bytes are known. */
  private static String cause(LintContext ctx) {
    List<LogicalLine> lines = ctx.logicalLines();
    if (lines == null || lines.isEmpty() || lines.get(lines.size() - 1).terminated()) {
      return "end every line with a newline and keep each (joined) line below "
          + (LineReader.BUFLEN - 1)
          + " bytes";
    }
    LogicalLine last = lines.get(lines.size() - 1);
    int physical = last.line() + 1;
    if (last.text().length() >= LineReader.BUFLEN - 1) {
      return "the line starting at line "
          + physical
          + " is longer than libwrap's limit of "
          + (LineReader.BUFLEN - 1)
          + " bytes, counting backslash-continued lines joined; split it into"
          + " several rules";
    }
    return "the last line, line " + physical + ", does not end with a newline; add one";
  }

  private static void skipped(Diagnostic warning, LintContext ctx) {
    String text = ctx.logicalText(warning.line());
    String stripped = text == null ? null : text.stripLeading();
    if (stripped != null && stripped.startsWith("#")) {
      ctx.warning(
          null,
          warning.line(),
          warning.message(),
          "an indented '#' starts no comment: libwrap reads this line as a rule and skips it only because"
              + " it has no ':'; put the '#' in column 1");
      return;
    }
    ctx.error(
        null,
        warning.line(),
        warning.message(),
        "libwrap ignores this line; a rule is DAEMONS : CLIENTS [: OPTIONS], and a line that continues"
            + " the previous one needs a '\\' at the end of that line");
  }
}
