package dev.tcpwrap.core.rules;

import dev.tcpwrap.core.diag.Diagnostic;
import dev.tcpwrap.core.files.FileRead;
import dev.tcpwrap.core.files.RuleFileReader;
import dev.tcpwrap.core.match.ClientPattern;
import dev.tcpwrap.core.match.DaemonPattern;
import dev.tcpwrap.core.match.PatternList;
import dev.tcpwrap.core.options.OptionList;
import dev.tcpwrap.core.options.OptionParser;
import dev.tcpwrap.core.text.RuleText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads and parses a rule file as libwrap's {@code table_match()} scans it. */
public final class RuleTableLoader {

  private RuleTableLoader() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /**
   * Loads a file; a missing file is an empty table, one that cannot be read (not a regular file,
   * too large, permission denied, a read that failed) a failed table. Never throws, never blocks
   * for long ({@link RuleFileReader}).
   */
  public static RuleTable load(Path path, RuleTable.Role role) {
    return load(path.toString(), role, RuleFileReader.read(path));
  }

  /** The table for {@code read}, the outcome of reading the file named {@code name}. */
  public static RuleTable load(String name, RuleTable.Role role, FileRead read) {
    return switch (read.outcome()) {
      case READ -> parse(name, role, read.content());
      case MISSING -> new RuleTable(name, role, List.of(), null, true);
      default ->
          new RuleTable(
              name,
              role,
              List.of(),
              Diagnostic.warning(null, 0, "cannot open " + name + ": " + read.reason()),
              false);
    };
  }

  /**
   * Parses the bytes of a rule file named {@code name}. Lines of the common blocklist shape are
   * kept compact ({@link PackedEntries}); every other line goes through the general parser, as do
   * the lines libwrap's line reading treats specially (continued with a backslash, longer than a
   * buffer, holding a NUL byte, the last one without its newline), which {@link LineReader} reads.
   */
  public static RuleTable parse(String name, RuleTable.Role role, byte[] content) {
    return scan(name, role, new PackedEntries.Builder(name, content), content, 0, 0);
  }

  /**
   * The table of a file that grew by lines at its end: {@code base}, parsed from the first bytes of
   * {@code content}, followed by the lines past them, numbered on from {@code base}'s; the same
   * table {@link #parse} gives for {@code content}, without parsing {@code base}'s lines again.
   * Null when {@code base} cannot be continued: it did not end cleanly at a line boundary (a scan
   * that failed, a last line continued by a backslash or holding a NUL byte, no final newline), or
   * {@code content} is not longer. The caller makes sure {@code content} starts with the bytes
   * {@code base} was parsed from ({@code baseLength} of them).
   */
  public static RuleTable append(RuleTable base, int baseLength, byte[] content) {
    if (base.failed()
        || base.missing()
        || !(base.entries() instanceof PackedEntries packed)
        || content.length <= baseLength
        || !endsCleanly(content, baseLength)) {
      return null;
    }
    return scan(
        base.name(),
        base.role(),
        new PackedEntries.Builder(packed, content),
        content,
        baseLength,
        packed.lineCount());
  }

  /**
   * Whether the first {@code length} bytes end where a line reader starts afresh: nothing, or a
   * last physical line that is plain ({@link LineReader#plainLineEnd}) ending at byte {@code length
   * - 1}.
   */
  private static boolean endsCleanly(byte[] b, int length) {
    if (length == 0) {
      return true;
    }
    if (b[length - 1] != '\n') {
      return false;
    }
    int start = length - 1;
    while (start > 0 && b[start - 1] != '\n') {
      start--;
    }
    return LineReader.plainLineEnd(b, start) == length - 1;
  }

  private static RuleTable scan(
      String name,
      RuleTable.Role role,
      PackedEntries.Builder entries,
      byte[] content,
      int from,
      int firstLine) {
    int[] pos = {from};
    int[] lineNo = {firstLine};
    int[] token = new int[2];
    long[] prefix = new long[4];
    while (pos[0] < content.length) {
      int start = pos[0];
      int end = LineReader.plainLineEnd(content, start);
      if (end >= 0) {
        // one physical line is one logical line: what LineReader would return, without a copy
        pos[0] = end + 1;
        int line = ++lineNo[0];
        if (!compact(entries, content, start, end, line, token, prefix)) {
          RuleTable.Entry e =
              parseLine(
                  name,
                  line,
                  new String(content, start, end + 1 - start, StandardCharsets.ISO_8859_1));
          if (e != null) {
            entries.addOther(line, e);
          }
        }
        continue;
      }
      LogicalLine l = LineReader.next(content, pos, lineNo);
      if (l == null) {
        break;
      }
      if (!l.terminated()) {
        entries.lineCount(lineNo[0]);
        return new RuleTable(
            name,
            role,
            entries.build(),
            Diagnostic.warning(name, l.line(), "missing newline or line too long"),
            false);
      }
      RuleTable.Entry e = parseLine(name, l.line(), l.text());
      if (e != null) {
        entries.addOther(l.line(), e);
      }
    }
    entries.lineCount(lineNo[0]);
    return new RuleTable(name, role, entries.build(), null, false);
  }

  /**
   * The general parser alone, every rule an object: the reference the compact form is tested
   * against ({@code CompactFormEquivalenceTest}).
   */
  public static RuleTable parseFull(String name, RuleTable.Role role, byte[] content) {
    List<RuleTable.Entry> entries = new ArrayList<>();
    for (LogicalLine l : LineReader.read(content)) {
      if (!l.terminated()) {
        return new RuleTable(
            name,
            role,
            List.copyOf(entries),
            Diagnostic.warning(name, l.line(), "missing newline or line too long"),
            false);
      }
      RuleTable.Entry e = parseLine(name, l.line(), l.text());
      if (e != null) {
        entries.add(e);
      }
    }
    return new RuleTable(name, role, List.copyOf(entries), null, false);
  }

  /**
   * Takes the line {@code content[start, end]} ({@code end} its newline) as a compact entry when it
   * has the shape {@link CompactLine} reads, or skips it when it is a comment or blank; false when
   * the general parser must read it.
   */
  private static boolean compact(
      PackedEntries.Builder entries,
      byte[] b,
      int start,
      int end,
      int line,
      int[] token,
      long[] prefix) {
    if (b[start] == '#') {
      return true;
    }
    int colon = CompactLine.daemonFieldEnd(b, start, end);
    if (colon < 0
        || !CompactLine.clientToken(b, colon, end, token)
        || !CompactLine.prefix(b, token[0], token[1], prefix)) {
      return false; // blank lines too: the general parser skips them
    }
    int daemons = entries.daemonList(start, colon);
    if (daemons < 0) {
      return false;
    }
    entries.addCompact(line, start, daemons, prefix);
    return true;
  }

  /**
   * One logical line (with its newline) as the general parser reads it: a rule, a skipped line, or
   * null for a comment or a blank line.
   */
  static RuleTable.Entry parseLine(String name, int line, String text) {
    if (text.charAt(0) == '#' || isBlank(text)) {
      return null;
    }
    int c1 = RuleText.splitAt(text, 0, ':');
    if (c1 < 0) {
      return new RuleTable.SkippedEntry(Diagnostic.warning(name, line, "missing \":\" separator"));
    }
    String rest = text.substring(c1 + 1);
    int c2 = RuleText.splitAt(rest, 0, ':');
    String clients = c2 < 0 ? rest : rest.substring(0, c2);
    String options = c2 < 0 ? null : rest.substring(c2 + 1);
    return new RuleTable.RuleEntry(
        new Rule(
            name,
            line,
            PatternList.of(RuleText.tokens(text.substring(0, c1)), DaemonPattern::of),
            PatternList.of(RuleText.tokens(clients), ClientPattern::of),
            options,
            options == null ? OptionList.NONE : OptionParser.parse(options)));
  }

  private static boolean isBlank(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (" \t\r\n".indexOf(s.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }
}
