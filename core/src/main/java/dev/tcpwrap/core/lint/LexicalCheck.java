package dev.tcpwrap.core.lint;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Pitfalls only the raw bytes show (the parsed table has dropped comments and joined lines): a
 * comment ending in a backslash swallows the next line, a backslash before CRLF continues nothing,
 * and a NUL byte silently cuts its physical line.
 */
final class LexicalCheck implements FileCheck {

  @Override
  public void check(LintContext ctx) {
    byte[] b = ctx.content();
    if (b == null) {
      return;
    }
    boolean continued = false;
    boolean inComment = false;
    int commentStart = 0;
    int number = 0;
    for (int start = 0; start < b.length; ) {
      // one physical line at a time: a blocklist's million lines are never all strings at once
      int end = start;
      while (end < b.length && b[end++] != '\n') {
        // to the newline, or the end of the file
      }
      String line = new String(b, start, end - start, StandardCharsets.ISO_8859_1);
      start = end;
      number++;
      boolean terminated = line.endsWith("\n");
      boolean startsLogical = !continued;
      if (startsLogical) {
        inComment = line.startsWith("#");
        commentStart = number;
      } else if (inComment) {
        swallowed(ctx, commentStart, number, line);
      }
      if (line.indexOf('\0') >= 0) {
        ctx.warning(
            null,
            number,
            "line " + number + " contains a NUL byte",
            "libwrap ignores the rest of the physical line after it and joins what follows to the next"
                + " line; remove it");
      }
      if (!inComment && terminated && line.endsWith("\\\r\n")) {
        ctx.warning(
            null,
            number,
            "backslash before CRLF does not continue the line",
            "only '\\' right before LF joins lines: line "
                + (number + 1)
                + " is read as a rule of its"
                + " own and '\\' is a pattern here; save the file with LF line endings");
      }
      continued = terminated && line.endsWith("\\\n") && line.indexOf('\0') < 0;
    }
  }

  private static void swallowed(LintContext ctx, int commentStart, int number, String line) {
    String s = line.strip();
    if (s.endsWith("\\")) {
      s = s.substring(0, s.length() - 1).strip();
    }
    if (s.isEmpty() || s.startsWith("#")) {
      return;
    }
    ctx.warning(
        null,
        number,
        "comment on line "
            + commentStart
            + " ends in '\\' and swallows line "
            + number
            + ": \""
            + Texts.t(shorten(s))
            + "\" is part of the comment and ignored",
        "remove the backslash at the end of line " + (number - 1));
  }

  private static String shorten(String s) {
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }

  /** The physical lines as ISO-8859-1 text, each with its LF (the last one maybe without). */
  static List<String> physicalLines(byte[] b) {
    List<String> out = new ArrayList<>();
    StringBuilder sb = new StringBuilder();
    for (byte x : b) {
      char c = (char) (x & 0xff);
      sb.append(c);
      if (c == '\n') {
        out.add(sb.toString());
        sb.setLength(0);
      }
    }
    if (sb.length() > 0) {
      out.add(sb.toString());
    }
    return out;
  }
}
