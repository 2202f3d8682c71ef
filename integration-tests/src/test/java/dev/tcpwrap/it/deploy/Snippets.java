package dev.tcpwrap.it.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The snippets of {@code docs/deploy.md}: a fenced block preceded by {@code <!-- snippet: NAME
 * -->}. The tests run them as written, with only the placeholders the document lists replaced.
 */
final class Snippets {

  /** The agent jar as the document writes it. */
  static final String JAR = "/opt/tcpwrap/tcpwrap.jar";

  /** The rule files as the document writes them. */
  static final String ALLOW = "/etc/hosts.allow";

  /** The rule files as the document writes them. */
  static final String DENY = "/etc/hosts.deny";

  private final Map<String, String> blocks;

  private Snippets(Map<String, String> blocks) {
    this.blocks = blocks;
  }

  /**
   * @return the snippets of the document ({@code -Dtcpwrap.it.docs}, else {@code ../docs})
   */
  static Snippets deployDoc() throws IOException {
    Path doc = Path.of(System.getProperty("tcpwrap.it.docs", "../docs"), "deploy.md");
    return parse(Files.readAllLines(doc));
  }

  /** Parses markdown lines. */
  static Snippets parse(List<String> lines) {
    Map<String, String> blocks = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i).trim();
      if (!l.startsWith("<!-- snippet:") || !l.endsWith("-->")) {
        continue;
      }
      String name = l.substring("<!-- snippet:".length(), l.length() - 3).trim();
      int open = i + 1;
      while (open < lines.size() && lines.get(open).isBlank()) {
        open++;
      }
      if (open >= lines.size() || !lines.get(open).startsWith("```")) {
        throw new IllegalStateException("snippet " + name + ": no fenced block after its marker");
      }
      StringBuilder text = new StringBuilder();
      int j = open + 1;
      for (; j < lines.size() && !lines.get(j).startsWith("```"); j++) {
        text.append(lines.get(j)).append('\n');
      }
      if (j >= lines.size()) {
        throw new IllegalStateException("snippet " + name + ": fenced block not closed");
      }
      if (blocks.put(name, text.toString()) != null) {
        throw new IllegalStateException("snippet " + name + " twice");
      }
      i = j;
    }
    return new Snippets(blocks);
  }

  /**
   * @return the names of the document's snippets, in order
   */
  java.util.Set<String> names() {
    return blocks.keySet();
  }

  /**
   * @return the snippet's text; fails if the document has none of that name
   */
  String get(String name) {
    String s = blocks.get(name);
    if (s == null) {
      throw new AssertionError(
          "docs/deploy.md has no snippet " + name + "; it has " + blocks.keySet());
    }
    return s;
  }

  /**
   * @return the snippet with each placeholder replaced; fails if a placeholder does not occur in it
   *     (a test that replaces nothing would run the document's own paths)
   */
  String get(String name, Map<String, String> placeholders) {
    String s = get(name);
    for (Map.Entry<String, String> e : placeholders.entrySet()) {
      if (!s.contains(e.getKey())) {
        throw new AssertionError("snippet " + name + " does not contain " + e.getKey() + ":\n" + s);
      }
      s = s.replace(e.getKey(), e.getValue());
    }
    return s;
  }

  /**
   * @return the path the snippet's first line names as where it goes ({@code # PATH})
   */
  static String target(String snippet) {
    String first = snippet.lines().findFirst().orElse("");
    if (!first.startsWith("# ")) {
      throw new AssertionError("snippet does not start with '# PATH': " + first);
    }
    return first.substring(2).trim();
  }
}
