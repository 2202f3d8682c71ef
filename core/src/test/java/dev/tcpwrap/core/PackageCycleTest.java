package dev.tcpwrap.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Core's packages form a layered graph: a package cycle would mean none of its packages can be
 * read, tested or moved without the others. Reads the sources rather than the classes because javac
 * inlines constants, so a class file can lose a dependency its source still has.
 */
class PackageCycleTest {

  private static final Path SOURCES = Path.of("src/main/java");

  // a package name is all lower-case segments; the first capital starts the class name
  private static final Pattern QUALIFIED =
      Pattern.compile("\\bdev\\.tcpwrap\\.core(?:\\.[a-z_][a-z0-9_]*)*");

  private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;");

  @Test
  void corePackagesHaveNoCycle() throws IOException {
    Map<String, Map<String, String>> graph = dependencies(SOURCES);
    assertThat(graph).as("packages read from %s", SOURCES.toAbsolutePath()).hasSizeGreaterThan(5);
    List<String> cycles = new ArrayList<>();
    for (List<String> component : stronglyConnected(graph)) {
      if (component.size() > 1) {
        cycles.add(
            describe(shortestCycle(graph, component), graph)
                + "  [all of: "
                + String.join(", ", component.stream().map(PackageCycleTest::shortName).toList())
                + "]");
      }
    }
    assertThat(cycles).as("package cycles in core").isEmpty();
  }

  @Test
  void coreNamesNothingOutsideCore() throws IOException {
    // the agent depends on core, never the other way round, not even through a class name in a
    // string (a reflective call) or a comment
    Pattern outside = Pattern.compile("\\bdev\\.tcpwrap\\.(?!core\\b)[\\w.]*");
    List<String> found = new ArrayList<>();
    for (Path root : List.of(SOURCES, Path.of("src/test/java"))) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
          Matcher m = outside.matcher(Files.readString(f, StandardCharsets.UTF_8));
          while (m.find()) {
            found.add(root.relativize(f) + ": " + m.group());
          }
        }
      }
    }
    assertThat(found).as("names outside core in core's sources").isEmpty();
  }

  @Test
  void aCycleIsFound() {
    Map<String, Map<String, String>> graph = new TreeMap<>();
    graph.put("a", new TreeMap<>(Map.of("b", "A.java")));
    graph.put("b", new TreeMap<>(Map.of("c", "B.java")));
    graph.put("c", new TreeMap<>(Map.of("a", "C.java")));
    graph.put("d", new TreeMap<>(Map.of("a", "D.java")));
    List<List<String>> components = stronglyConnected(graph);
    assertThat(components).filteredOn(c -> c.size() > 1).hasSize(1);
    List<String> cycle =
        shortestCycle(graph, components.stream().filter(c -> c.size() > 1).findFirst().get());
    assertThat(describe(cycle, graph)).isEqualTo("a -> b (A.java) -> c (B.java) -> a (C.java)");
  }

  @Test
  void codeIsReadWithoutCommentsAndLiterals() {
    String code =
        "import dev.tcpwrap.core.x.A; // dev.tcpwrap.core.y.B\n"
            + "/* dev.tcpwrap.core.y.C */ String s = \"dev.tcpwrap.core.y.D\"; char c = '\"';\n"
            + "Object o = dev.tcpwrap.core.z.E.f(); String t = \"\"\"\n dev.tcpwrap.core.y.F\"\"\";";
    List<String> found = new ArrayList<>();
    Matcher m = QUALIFIED.matcher(code(code));
    while (m.find()) {
      found.add(m.group());
    }
    assertThat(found).containsExactly("dev.tcpwrap.core.x", "dev.tcpwrap.core.z");
  }

  /** Package → (package it uses → one file that uses it), core's packages only. */
  static Map<String, Map<String, String>> dependencies(Path root) throws IOException {
    Map<Path, String> packageOf = new LinkedHashMap<>();
    Map<Path, String> codeOf = new HashMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        String code = code(Files.readString(f, StandardCharsets.UTF_8));
        Matcher m = PACKAGE.matcher(code.strip());
        if (m.find()) {
          packageOf.put(f, m.group(1));
          codeOf.put(f, code);
        }
      }
    }
    Map<String, Map<String, String>> graph = new TreeMap<>();
    packageOf.values().forEach(p -> graph.computeIfAbsent(p, k -> new TreeMap<>()));
    for (Map.Entry<Path, String> e : packageOf.entrySet()) {
      String from = e.getValue();
      Matcher m = QUALIFIED.matcher(codeOf.get(e.getKey()));
      while (m.find()) {
        String to = m.group();
        if (!to.equals(from) && graph.containsKey(to)) {
          graph
              .get(from)
              .putIfAbsent(
                  to,
                  root.relativize(e.getKey()).toString().replaceFirst("^dev/tcpwrap/core/", ""));
        }
      }
    }
    return graph;
  }

  /** The source with comments and string, character and text-block literals blanked out. */
  static String code(String source) {
    StringBuilder out = new StringBuilder(source.length());
    int n = source.length();
    int i = 0;
    while (i < n) {
      char c = source.charAt(i);
      if (source.startsWith("//", i)) {
        while (i < n && source.charAt(i) != '\n') {
          i++;
        }
      } else if (source.startsWith("/*", i)) {
        int end = source.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
        out.append(' ');
      } else if (source.startsWith("\"\"\"", i)) {
        int end = source.indexOf("\"\"\"", i + 3);
        while (end > 0 && source.charAt(end - 1) == '\\') {
          end = source.indexOf("\"\"\"", end + 1);
        }
        i = end < 0 ? n : end + 3;
        out.append("\"\"");
      } else if (c == '"' || c == '\'') {
        i++;
        while (i < n && source.charAt(i) != c && source.charAt(i) != '\n') {
          i += source.charAt(i) == '\\' ? 2 : 1;
        }
        i++;
        out.append(c).append(c);
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** Tarjan's strongly connected components. */
  static List<List<String>> stronglyConnected(Map<String, Map<String, String>> graph) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    List<List<String>> out = new ArrayList<>();
    for (String v : graph.keySet()) {
      if (!index.containsKey(v)) {
        connect(v, graph, index, low, stack, out);
      }
    }
    return out;
  }

  private static void connect(
      String v,
      Map<String, Map<String, String>> graph,
      Map<String, Integer> index,
      Map<String, Integer> low,
      Deque<String> stack,
      List<List<String>> out) {
    index.put(v, index.size());
    low.put(v, index.get(v));
    stack.push(v);
    for (String w : graph.getOrDefault(v, Map.of()).keySet()) {
      if (!index.containsKey(w)) {
        connect(w, graph, index, low, stack, out);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (stack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      List<String> component = new ArrayList<>();
      String w;
      do {
        w = stack.pop();
        component.add(w);
      } while (!w.equals(v));
      component.sort(null);
      out.add(component);
    }
  }

  /** The shortest cycle through the component's first package, staying inside the component. */
  static List<String> shortestCycle(
      Map<String, Map<String, String>> graph, List<String> component) {
    String start = component.get(0);
    TreeSet<String> inside = new TreeSet<>(component);
    Map<String, String> parent = new HashMap<>();
    Deque<String> queue = new ArrayDeque<>(List.of(start));
    while (!queue.isEmpty()) {
      String v = queue.poll();
      for (String w : graph.get(v).keySet()) {
        if (w.equals(start)) {
          List<String> path = new ArrayList<>(List.of(start));
          for (String p = v; !p.equals(start); p = parent.get(p)) {
            path.add(1, p);
          }
          path.add(start);
          return path;
        }
        if (inside.contains(w) && !parent.containsKey(w)) {
          parent.put(w, v);
          queue.add(w);
        }
      }
    }
    throw new IllegalStateException("no cycle through " + start);
  }

  // e.g. "rules -> match (rules/RuleTableLoader.java) -> rules (match/PatternList.java)"
  static String describe(List<String> cycle, Map<String, Map<String, String>> graph) {
    StringBuilder sb = new StringBuilder(shortName(cycle.get(0)));
    for (int i = 1; i < cycle.size(); i++) {
      sb.append(" -> ")
          .append(shortName(cycle.get(i)))
          .append(" (")
          .append(graph.get(cycle.get(i - 1)).get(cycle.get(i)))
          .append(')');
    }
    return sb.toString();
  }

  private static String shortName(String pkg) {
    return pkg.startsWith("dev.tcpwrap.core.") ? pkg.substring("dev.tcpwrap.core.".length()) : pkg;
  }
}
