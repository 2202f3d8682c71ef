package dev.tcpwrap.core.lint;

import dev.tcpwrap.core.match.DaemonPattern;
import dev.tcpwrap.core.match.ListPattern;
import dev.tcpwrap.core.match.PatternList;
import dev.tcpwrap.core.rules.Rule;
import dev.tcpwrap.core.text.RuleText;
import java.util.List;

/**
 * The shape of the daemon and client lists: empty lists, misplaced {@code EXCEPT}, the obsolete
 * {@code FAIL}, {@code #} words (there are no trailing comments; an indented {@code #} line is an
 * active rule), and daemon names that look like client patterns.
 */
final class ListStructureCheck implements RuleCheck {

  @Override
  public void check(Rule rule, LintContext ctx) {
    List<String> daemons = HostPatterns.tokens(rule.daemons());
    List<String> clients = HostPatterns.tokens(rule.clients());
    if (!daemons.isEmpty() && daemons.get(0).startsWith("#")) {
      ctx.warning(
          rule,
          "indented '#' line is an active rule, not a comment: its daemons are "
              + Texts.quoted(daemons, 4),
          "only a '#' in column 1 starts a comment: remove the blanks before '#'");
    } else {
      hashWords(rule, ctx, "daemon", daemons);
    }
    hashWords(rule, ctx, "client", clients);
    shape(rule, ctx, "daemon", rule.daemons(), daemons);
    shape(rule, ctx, "client", rule.clients(), clients);
    fail(rule, ctx, daemons);
    fail(rule, ctx, clients);
    for (DaemonPattern d : HostPatterns.daemons(rule)) {
      String t = d.token();
      if (t.startsWith("@") || t.startsWith("/")) {
        ctx.warning(
            rule,
            Texts.t(t) + ": daemon name begins with \"" + t.charAt(0) + "\"",
            "netgroups and /files are client patterns: this token is compared with the daemon name as"
                + " a string; put it in the client list");
      }
    }
  }

  private static void hashWords(Rule rule, LintContext ctx, String kind, List<String> tokens) {
    for (int i = 0; i < tokens.size(); i++) {
      if (tokens.get(i).startsWith("#")) {
        List<String> rest = tokens.subList(i, tokens.size());
        boolean all = rest.stream().anyMatch(s -> RuleText.equalsIgnoreCase(s, "ALL"));
        ctx.warning(
            rule,
            "'#' in the "
                + kind
                + " list starts no comment: "
                + Texts.quoted(rest, 5)
                + " are "
                + kind
                + " patterns"
                + (all
                    ? " and \"ALL\" matches every " + (kind.equals("client") ? "client" : "daemon")
                    : ""),
            "there are no trailing comments: put the comment on a line of its own starting with '#'");
        return;
      }
    }
  }

  private static <P extends ListPattern> void shape(
      Rule rule, LintContext ctx, String kind, PatternList<P> list, List<String> tokens) {
    List<List<P>> segs = list.segments();
    if (list.isEmpty()) {
      ctx.warning(
          rule,
          kind + " list is empty or ends in EXCEPT",
          "an empty " + kind + " list never matches: this rule never applies");
      return;
    }
    if (segs.get(0).isEmpty()) {
      ctx.warning(
          rule,
          kind + " list starts with EXCEPT: " + Texts.quoted(tokens, 4),
          "a list whose first word is EXCEPT never matches: this rule never applies; write e.g. ALL EXCEPT ...");
      return;
    }
    if (segs.size() > 1 && segs.get(segs.size() - 1).isEmpty()) {
      ctx.warning(
          rule,
          kind + " list is empty or ends in EXCEPT",
          "nothing follows the last EXCEPT, so it excludes nothing: the list matches as if it ended"
              + " before it");
      return;
    }
    for (int i = 1; i < segs.size() - 1; i++) {
      if (segs.get(i).isEmpty()) {
        ctx.warning(
            rule,
            kind + " list has EXCEPT EXCEPT",
            "the exception list after the first EXCEPT starts with EXCEPT and never matches, so the"
                + " words after the second EXCEPT have no effect");
        return;
      }
    }
  }

  private static void fail(Rule rule, LintContext ctx, List<String> tokens) {
    for (String t : tokens) {
      if (RuleText.equalsIgnoreCase(t, "FAIL")) {
        ctx.warning(
            rule,
            "FAIL is no longer recognized",
            "use EXCEPT or DENY instead: \"FAIL\" is an ordinary name pattern here");
        return;
      }
    }
  }
}
