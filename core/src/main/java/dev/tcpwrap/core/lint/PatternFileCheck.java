package dev.tcpwrap.core.lint;

import dev.tcpwrap.core.net.CNumbers;
import dev.tcpwrap.core.rules.Rule;
import dev.tcpwrap.core.text.RuleText;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /file} pattern lists (Debian): a missing file matches nothing and libwrap says nothing;
 * the words of the file are all patterns, so there are no comments ({@code #} and every word after
 * it on the line are host patterns), no {@code EXCEPT} operator and no {@code user@host}. A word
 * that starts with {@code /} names a further pattern file, which libwrap reads in turn: the files a
 * rule reaches are followed ({@link PatternFileGraph}) for files that cannot be read, loops and
 * chains too deep or too costly.
 */
final class PatternFileCheck implements RuleCheck {

  @Override
  public void check(Rule rule, LintContext ctx) {
    PatternFileGraph graph = ctx.patternFiles();
    for (String path : HostPatterns.tokensStartingWith(rule, "/")) {
      PatternFileGraph.Node top = graph.node(path);
      if (top.missing()) {
        ctx.warning(
            rule,
            Texts.t(path) + ": no such pattern file: the pattern matches nothing",
            "libwrap says nothing about a missing /file; create it or fix the path");
        continue;
      }
      if (top.problem() != null) {
        unreadable(rule, ctx, top, null);
        continue;
      }
      nested(rule, ctx, graph, top);
      if (top.loop() != null) {
        ctx.error(
            rule,
            loop(top.path(), top.loop()),
            "the agent denies every client whose check reaches the loop, libwrap recurses until"
                + " it crashes; remove the loop");
      } else {
        depthAndCost(rule, ctx, top);
      }
    }
  }

  /** Problems of the files {@code top} leads to, each reported once per run. */
  private static void nested(
      Rule rule, LintContext ctx, PatternFileGraph graph, PatternFileGraph.Node top) {
    for (PatternFileGraph.Reached r : graph.reachable(top)) {
      PatternFileGraph.Node n = r.node();
      if (n.text() != null && ctx.first("file:" + n.path())) {
        contents(rule, ctx, Texts.t(n.path()), n.text());
      }
      if (n == top || !ctx.first("nested:" + n.path())) {
        continue;
      }
      String where = Texts.t(n.path()) + " (named in " + Texts.t(r.namedIn()) + ")";
      if (n.missing()) {
        ctx.warning(
            rule,
            where + ": no such pattern file: the word matches nothing",
            "libwrap says nothing about a missing /file; create it or fix the path");
      } else if (n.problem() != null) {
        unreadable(rule, ctx, n, where);
      }
    }
    if (graph.truncated() && ctx.first("truncated")) {
      ctx.warning(
          rule,
          "more than " + PatternFileGraph.MAX_FILES + " pattern files: the rest were not checked",
          "libwrap opens each of them for every connection that reaches it; merge them");
    }
  }

  /** A file the agent does not read: an error when libwrap would hang or fail on it too. */
  private static void unreadable(
      Rule rule, LintContext ctx, PatternFileGraph.Node n, String where) {
    String what =
        (where == null ? "" : where + ": ")
            + "open "
            + Texts.t(n.path())
            + ": "
            + Texts.t(n.problem());
    switch (n.trouble()) {
      case UNREADABLE ->
          ctx.warning(
              rule, what, "libwrap cannot read the pattern file, so the pattern matches nothing");
      case READS_EMPTY ->
          ctx.warning(
              rule,
              what,
              "the agent reads only regular files and warns; the pattern matches nothing, as it does"
                  + " in libwrap, which reads it as empty; use an empty regular file");
      case UNNAMEABLE ->
          ctx.error(
              rule,
              what,
              "the agent cannot open it, so the pattern matches nothing, where libwrap reads it; use"
                  + " an ASCII file name");
      case TOO_LARGE ->
          ctx.error(
              rule,
              what,
              "the agent does not read it, so the pattern matches nothing, where libwrap reads it on"
                  + " every connection; split the file");
      case NOT_A_FILE ->
          ctx.error(
              rule,
              what,
              "the agent reads only regular files, so the pattern matches nothing; libwrap would wait"
                  + " on a FIFO or socket, and read a device without end; make it a regular file");
    }
  }

  /** Chains deeper than a list needs, or that make libwrap open files again and again. */
  private static void depthAndCost(Rule rule, LintContext ctx, PatternFileGraph.Node top) {
    List<String> longest = top.longestChain();
    if (longest.size() > PatternFileGraph.MAX_AGENT_DEPTH) {
      ctx.error(
          rule,
          "pattern files nested " + longest.size() + " deep: " + chain(longest),
          "the agent denies every client whose check goes deeper than "
              + PatternFileGraph.MAX_AGENT_DEPTH
              + " files, libwrap crashes at about a thousand; flatten the files");
    } else if (longest.size() > PatternFileGraph.DEEP) {
      ctx.warning(
          rule,
          "pattern files nested " + longest.size() + " deep: " + chain(longest),
          "libwrap keeps each level open while it reads the next, for every connection that"
              + " reaches it; more than "
              + PatternFileGraph.DEEP
              + " levels is a mistake or a trap; flatten the files");
    }
    long opens = top.opens();
    if (opens > PatternFileGraph.COSTLY_OPENS) {
      ctx.warning(
          rule,
          Texts.t(top.path())
              + ": libwrap opens pattern files "
              + (opens == Long.MAX_VALUE ? "more than 2^63" : String.valueOf(opens))
              + " times for one client none of them matches, as files name the same file again",
          "the agent reads each file once per connection, libwrap every time it is named; name"
              + " each file once");
    }
  }

  /** The loop, from {@code path} when it is on it: {@code /a includes itself: /a -> /b -> /a}. */
  private static String loop(String path, List<String> loop) {
    int at = loop.indexOf(path);
    if (at < 0) {
      return "pattern file " + Texts.t(path) + " leads into a loop: " + chain(loop);
    }
    List<String> turned = new ArrayList<>(loop.subList(at, loop.size() - 1));
    turned.addAll(loop.subList(0, at + 1));
    return "pattern file " + Texts.t(path) + " includes itself: " + chain(turned);
  }

  /** A chain of files as {@code /a -> /b -> /c}, long chains shortened in the middle. */
  private static String chain(List<String> files) {
    List<String> shown = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      if (files.size() > 8 && i == 3) {
        shown.add("... (" + (files.size() - 6) + " more)");
        i = files.size() - 4;
        continue;
      }
      shown.add(Texts.t(files.get(i)));
    }
    return String.join(" -> ", shown);
  }

  private static void contents(Rule rule, LintContext ctx, String p, String text) {
    String[] lines = text.split("\n", -1);
    boolean comment = false;
    boolean except = false;
    boolean user = false;
    for (int i = 0; i < lines.length; i++) {
      List<String> words = words(lines[i]);
      for (int k = 0; k < words.size(); k++) {
        String w = words.get(k);
        if (!comment && w.startsWith("#")) {
          comment = true;
          ctx.warning(
              rule,
              p
                  + ", line "
                  + (i + 1)
                  + ": pattern files have no comments: "
                  + Texts.quoted(words.subList(k, words.size()), 5)
                  + " are host patterns",
              "remove comments from the pattern file");
        }
        if (!except && RuleText.equalsIgnoreCase(w, "EXCEPT")) {
          except = true;
          ctx.warning(
              rule,
              p + ", line " + (i + 1) + ": EXCEPT is not an operator in a pattern file",
              "here it is a host name; put exceptions in the rule: " + p + " EXCEPT ...");
        }
        if (!user && w.length() > 1 && RuleText.splitAt(w, 1, '@') >= 0) {
          user = true;
          ctx.warning(
              rule,
              p
                  + ", line "
                  + (i + 1)
                  + ": "
                  + Texts.q(w)
                  + ": a pattern file has no user@host"
                  + " patterns",
              "the word is compared as a host pattern and never matches; put user@host in the rule");
        }
      }
    }
  }

  /** {@code fscanf("%s")} words of one line. */
  private static List<String> words(String line) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < line.length()) {
      while (i < line.length() && CNumbers.isSpace(line.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < line.length() && !CNumbers.isSpace(line.charAt(i))) {
        i++;
      }
      if (i > start) {
        out.add(line.substring(start, i));
      }
    }
    return out;
  }
}
