package dev.tcpwrap.core.lint;

import dev.tcpwrap.core.match.HostPattern;
import dev.tcpwrap.core.match.PatternFileName;
import dev.tcpwrap.core.net.CNumbers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code /file} pattern lists of one lint run and the files they name in turn, each read once
 * (as the agent reads it), with what libwrap would make of the nesting: loops, the longest chain
 * and how many times one connection opens files. At most {@link #MAX_FILES} files are read, so a
 * hostile tree costs bounded time and memory.
 */
final class PatternFileGraph {

  /** The most files read in one run. */
  static final int MAX_FILES = 1000;

  /** Nesting deeper than this is reported: a list of lists of lists is already unusual. */
  static final int DEEP = 8;

  /** The agent's bound ({@link HostPattern#MAX_FILE_DEPTH}): deeper nesting denies. */
  static final int MAX_AGENT_DEPTH = HostPattern.MAX_FILE_DEPTH;

  /** More opens than this for one connection is reported. */
  static final long COSTLY_OPENS = 1000;

  /**
   * Text kept for the content checks, in all: beyond it files are still followed, their contents
   * not checked.
   */
  private static final long MAX_TEXT = 64L << 20;

  private final LintEnvironment environment;
  private final Map<String, Node> nodes = new HashMap<>();
  private boolean truncated;
  private long textKept;

  PatternFileGraph(LintEnvironment environment) {
    this.environment = environment;
  }

  /** Whether files were left unread because of {@link #MAX_FILES}. */
  boolean truncated() {
    return truncated;
  }

  /** The file {@code path}, read and followed. */
  Node node(String path) {
    Node n = nodes.get(path);
    if (n == null) {
      n = create(path);
    }
    if (!n.explored) {
      explore(n, new ArrayList<>());
    }
    return n;
  }

  /**
   * A file reached from a top one.
   *
   * @param node the file
   * @param namedIn the file that named it on the way, or null for the top one
   */
  record Reached(Node node, String namedIn) {}

  /** {@code top} and every file it leads to, each once, nearest first. */
  List<Reached> reachable(Node top) {
    Map<Node, Reached> seen = new LinkedHashMap<>();
    Deque<Reached> todo = new ArrayDeque<>();
    todo.add(new Reached(top, null));
    while (!todo.isEmpty()) {
      Reached r = todo.poll();
      if (seen.putIfAbsent(r.node(), r) == null) {
        for (String c : r.node().children.keySet()) {
          Node child = nodes.get(c);
          if (child != null) {
            todo.add(new Reached(child, r.node().path));
          }
        }
      }
    }
    return new ArrayList<>(seen.values());
  }

  private Node create(String path) {
    Node n = new Node(path);
    nodes.put(path, n);
    if (nodes.size() > MAX_FILES) {
      truncated = true;
      return n; // not read: a leaf with nothing to report
    }
    String name = PatternFileName.of(path);
    if (name == null) {
      n.problem = PatternFileName.why();
      n.trouble = Trouble.UNNAMEABLE;
      return n;
    }
    byte[] content;
    try {
      content = environment.read(name);
    } catch (LintEnvironment.NotAFileException e) {
      n.problem = String.valueOf(e.getMessage());
      n.trouble = kindOf(name);
      return n;
    } catch (IOException | RuntimeException e) {
      n.problem = String.valueOf(e.getMessage());
      n.trouble = Trouble.UNREADABLE;
      return n;
    }
    if (content == null) {
      n.missing = true;
      return n;
    }
    if (textKept + content.length <= MAX_TEXT) {
      textKept += content.length;
      n.text = new String(content, StandardCharsets.ISO_8859_1);
    }
    n.children.putAll(fileWords(content));
    return n;
  }

  /**
   * Depth-first: loops (a file met again while it is being followed), the longest chain and the
   * number of opens, each file explored once. The recursion is as deep as the nesting, which {@link
   * #MAX_FILES} bounds.
   */
  private void explore(Node n, List<Node> stack) {
    n.explored = true;
    n.onStack = true;
    stack.add(n);
    long opens = 1;
    for (Map.Entry<String, Long> e : n.children.entrySet()) {
      String c = e.getKey();
      Node child = nodes.get(c);
      if (child == null) {
        child = create(c);
      }
      if (child.onStack) {
        if (n.loop == null) {
          List<String> loop = new ArrayList<>();
          for (Node s : stack.subList(stack.indexOf(child), stack.size())) {
            loop.add(s.path);
          }
          loop.add(child.path);
          n.loop = loop;
        }
        continue;
      }
      if (!child.explored) {
        explore(child, stack);
      }
      if (n.loop == null && child.loop != null) {
        n.loop = child.loop;
      }
      if (child.depth + 1 > n.depth) {
        n.depth = child.depth + 1;
        n.next = child;
      }
      opens = saturatedAdd(opens, saturatedTimes(e.getValue(), child.opens));
    }
    n.opens = opens;
    stack.remove(stack.size() - 1);
    n.onStack = false;
  }

  private static long saturatedAdd(long a, long b) {
    long s = a + b;
    return s < 0 ? Long.MAX_VALUE : s;
  }

  private static long saturatedTimes(long a, long b) {
    return b != 0 && a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
  }

  /**
   * The words of a file that name further pattern files, each with how often it appears, in order
   * of first appearance. Words are libwrap's {@code fscanf(fp, "%s")}: C white space between, each
   * up to a NUL; other words are never made strings (a file may hold millions).
   */
  static Map<String, Long> fileWords(byte[] content) {
    Map<String, Long> out = new LinkedHashMap<>();
    int i = 0;
    while (i < content.length) {
      while (i < content.length && CNumbers.isSpace((char) (content[i] & 0xff))) {
        i++;
      }
      int start = i;
      while (i < content.length && !CNumbers.isSpace((char) (content[i] & 0xff))) {
        i++;
      }
      if (i > start && content[start] == '/') {
        int end = start;
        while (end < i && content[end] != 0) {
          end++;
        }
        out.merge(
            new String(content, start, end - start, StandardCharsets.ISO_8859_1), 1L, Long::sum);
      }
    }
    return out;
  }

  /** Why the agent refuses a file whoever reads it. */
  private static Trouble kindOf(String name) {
    try {
      Path p = Paths.get(name);
      if (Files.isRegularFile(p)) {
        return Trouble.TOO_LARGE;
      }
      // what libwrap's fscanf reads as an empty file
      if (Files.isDirectory(p) || p.toRealPath().toString().equals("/dev/null")) {
        return Trouble.READS_EMPTY;
      }
    } catch (IOException | RuntimeException e) {
      // taken for the worst kind
    }
    return Trouble.NOT_A_FILE;
  }

  /** Why a file that exists was not read. */
  enum Trouble {
    /** Permission denied, an I/O error: maybe only for the user running check. */
    UNREADABLE,
    /** A directory or {@code /dev/null}: libwrap reads it as empty, the agent not at all. */
    READS_EMPTY,
    /** A FIFO, socket or device: libwrap would block on it or read it without end. */
    NOT_A_FILE,
    /** Larger than the agent's limit. */
    TOO_LARGE,
    /** A name the JVM cannot spell in its file name encoding. */
    UNNAMEABLE
  }

  /** One pattern file. */
  static final class Node {
    private final String path;
    // the files this one names, with how often
    private final Map<String, Long> children = new LinkedHashMap<>();
    private boolean missing;
    private String problem;
    private Trouble trouble;
    private String text;
    private boolean explored;
    private boolean onStack;
    private List<String> loop;
    private int depth = 1;
    private Node next;
    private long opens = 1;

    Node(String path) {
      this.path = path;
    }

    String path() {
      return path;
    }

    /** Nothing at the path (libwrap matches nothing and says nothing). */
    boolean missing() {
      return missing;
    }

    /** Why the file cannot be read, or null. */
    String problem() {
      return problem;
    }

    /** What kind of problem {@link #problem()} is, or null. */
    Trouble trouble() {
      return trouble;
    }

    /** The text (ISO-8859-1), or null when not read or too large to keep. */
    String text() {
      return text;
    }

    /** A loop this file leads into ({@code /a -> /b -> /a}), or null. */
    List<String> loop() {
      return loop;
    }

    /** The longest chain of files from this one, this one first. */
    List<String> longestChain() {
      List<String> out = new ArrayList<>();
      for (Node n = this; n != null; n = n.next) {
        out.add(n.path);
      }
      return out;
    }

    /**
     * How many times libwrap opens pattern files, this one included, for one connection that none
     * of them matches (saturating at {@link Long#MAX_VALUE}).
     */
    long opens() {
      return opens;
    }
  }
}
