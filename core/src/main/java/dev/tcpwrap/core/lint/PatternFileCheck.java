package dev.tcpwrap.core.lint;

import dev.tcpwrap.core.net.CNumbers;
import dev.tcpwrap.core.rules.Rule;
import dev.tcpwrap.core.text.RuleText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /file} pattern lists (Debian): a missing file matches nothing and libwrap says nothing;
 * the words of the file are all patterns, so there are no comments ({@code #} and every word after
 * it on the line are host patterns), no {@code EXCEPT} operator and no {@code user@host}.
 */
final class PatternFileCheck implements RuleCheck {

  @Override
  public void check(Rule rule, LintContext ctx) {
    for (String path : HostPatterns.tokensStartingWith(rule, "/")) {
      String p = Texts.t(path);
      byte[] content;
      try {
        content = ctx.environment().read(path);
      } catch (IOException | RuntimeException e) {
        ctx.warning(
            rule,
            "open " + p + ": " + Texts.t(String.valueOf(e.getMessage())),
            "libwrap cannot read the pattern file, so the pattern matches nothing");
        continue;
      }
      if (content == null) {
        ctx.warning(
            rule,
            p + ": no such pattern file: the pattern matches nothing",
            "libwrap says nothing about a missing /file; create it or fix the path");
        continue;
      }
      if (ctx.first("file:" + path)) {
        contents(rule, ctx, p, new String(content, StandardCharsets.ISO_8859_1));
      }
    }
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
