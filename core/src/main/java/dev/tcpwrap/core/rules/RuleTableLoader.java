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

  /** Parses the bytes of a rule file named {@code name}. */
  public static RuleTable parse(String name, RuleTable.Role role, byte[] content) {
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
      String text = l.text();
      if (text.charAt(0) == '#' || isBlank(text)) {
        continue;
      }
      int c1 = RuleText.splitAt(text, 0, ':');
      if (c1 < 0) {
        entries.add(
            new RuleTable.SkippedEntry(
                Diagnostic.warning(name, l.line(), "missing \":\" separator")));
        continue;
      }
      String rest = text.substring(c1 + 1);
      int c2 = RuleText.splitAt(rest, 0, ':');
      String clients = c2 < 0 ? rest : rest.substring(0, c2);
      String options = c2 < 0 ? null : rest.substring(c2 + 1);
      entries.add(
          new RuleTable.RuleEntry(
              new Rule(
                  name,
                  l.line(),
                  PatternList.of(RuleText.tokens(text.substring(0, c1)), DaemonPattern::of),
                  PatternList.of(RuleText.tokens(clients), ClientPattern::of),
                  options,
                  options == null ? OptionList.NONE : OptionParser.parse(options))));
    }
    return new RuleTable(name, role, List.copyOf(entries), null, false);
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
