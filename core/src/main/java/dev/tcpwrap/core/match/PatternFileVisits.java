package dev.tcpwrap.core.match;

import dev.tcpwrap.core.diag.RuleError;
import dev.tcpwrap.core.request.Endpoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code /file} pattern lists one evaluation is reading, and what each already read file gave.
 *
 * <p>libwrap's {@code hostfile_match()} opens the file and tries each word with {@code
 * host_match()}, which recurses into a nested {@code /file} word: a file listing the next one
 * twice, fifteen deep, is read 2^14 times for one client. The verdict of a file for one endpoint
 * cannot change within one evaluation (its words are cached, the host name is looked up once), so
 * the first answer is kept and every later mention of the file costs a map look-up: at most one
 * read per file and endpoint, whatever the nesting.
 *
 * <p>A file that includes itself, directly or through others, makes libwrap recurse until it runs
 * out of descriptors or, with the default limits (1,024 descriptors, 8 MB of stack), crashes; the
 * connection is dropped. Here the loop is found on its first turn and the evaluation fails with a
 * {@link RuleError}, which denies. A chain of distinct files deeper than {@link #MAX_DEPTH} fails
 * the same way: libwrap crashes at about a thousand levels, and this bound keeps the recursion far
 * from the end of an acceptor thread's stack.
 */
final class PatternFileVisits {

  /** The deepest nesting of pattern files evaluated; one level deeper is an error (denied). */
  static final int MAX_DEPTH = 100;

  private final List<String> open = new ArrayList<>();
  // by endpoint object: a file may be tried for the client and, in daemon@/file, for the server
  private final Map<Endpoint, Map<String, Boolean>> answers = new IdentityHashMap<>(2);

  /** The answer already found for {@code path} and {@code host} in this evaluation, or null. */
  Boolean answer(Endpoint host, String path) {
    Map<String, Boolean> m = answers.get(host);
    return m == null ? null : m.get(path);
  }

  /**
   * Marks {@code path} as being read.
   *
   * @throws RuleError when it is already being read (a loop) or the nesting is too deep
   */
  void enter(String path) throws RuleError {
    int at = open.indexOf(path);
    if (at >= 0) {
      List<String> loop = new ArrayList<>(open.subList(at, open.size()));
      loop.add(path);
      throw new RuleError(
          "pattern file "
              + path
              + " includes itself ("
              + String.join(" -> ", loop)
              + "): libwrap recurses until it crashes; denied");
    }
    if (open.size() >= MAX_DEPTH) {
      throw new RuleError(
          "pattern files nested deeper than "
              + MAX_DEPTH
              + " levels at "
              + path
              + " (from "
              + open.get(0)
              + "): denied");
    }
    open.add(path);
  }

  /** Marks the innermost file as read, with its answer for {@code host}. */
  void leave(Endpoint host, String path, boolean matched) {
    open.remove(open.size() - 1);
    answers.computeIfAbsent(host, h -> new HashMap<>()).put(path, matched);
  }

  /** Marks the innermost file as no longer being read, with no answer (an error is on its way). */
  void abandon() {
    open.remove(open.size() - 1);
  }
}
