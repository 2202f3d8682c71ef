package dev.tcpwrap.core.rules;

import dev.tcpwrap.core.diag.Diagnostic;
import dev.tcpwrap.core.match.ClientPattern;
import dev.tcpwrap.core.match.DaemonPattern;
import dev.tcpwrap.core.match.PatternList;
import dev.tcpwrap.core.options.OptionList;
import dev.tcpwrap.core.options.OptionParser;
import dev.tcpwrap.core.text.RuleText;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads and parses a rule file as libwrap's {@code table_match()} scans it. */
public final class RuleTableLoader {

  private RuleTableLoader() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /**
   * Loads a file; a missing file is an empty table, an unreadable one a failed table. Never throws.
   */
  public static RuleTable load(Path path, RuleTable.Role role) {
    String name = path.toString();
    byte[] content;
    try {
      if (Files.isDirectory(path)) {
        // fopen() of a directory succeeds and the first read fails: libwrap sees an empty file
        return new RuleTable(name, role, List.of(), null, false);
      }
      content = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      return new RuleTable(name, role, List.of(), null, true);
    } catch (IOException | SecurityException e) {
      return new RuleTable(
          name,
          role,
          List.of(),
          Diagnostic.warning(null, 0, "cannot open " + name + ": " + reason(e)),
          false);
    }
    return parse(name, role, content);
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

  private static String reason(Exception e) {
    if (e instanceof AccessDeniedException) {
      return "Permission denied";
    }
    if (e instanceof FileSystemException) {
      String r = ((FileSystemException) e).getReason();
      if (r != null) {
        return r;
      }
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
