package dev.tcpwrap.core.lint;

import dev.tcpwrap.core.match.ClientPattern;
import dev.tcpwrap.core.match.DaemonPattern;
import dev.tcpwrap.core.rules.Rule;
import dev.tcpwrap.core.text.RuleText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rules that can never be reached because an earlier rule of the same file matches every request
 * they could match: an exact duplicate of the daemon and client lists, or an earlier rule for the
 * same daemons (or {@code ALL}) whose client list is {@code ALL} without exceptions. Cheap checks
 * only; no general subsumption.
 */
final class ReachabilityCheck implements FileCheck {

  /** Bound on the earlier catch-all rules compared with each rule, to keep huge tables linear. */
  private static final int MAX_CATCH_ALL = 256;

  @Override
  public void check(LintContext ctx) {
    Map<String, Rule> seen = new HashMap<>();
    List<Rule> catchAll = new ArrayList<>();
    for (Rule r : Rules.of(ctx.table())) {
      if (r.daemons().isEmpty() || r.clients().isEmpty()) {
        continue;
      }
      String key = r.daemons() + "\0" + r.clients();
      Rule earlier = seen.get(key);
      if (earlier == null) {
        for (Rule e : catchAll) {
          if (daemonsCovered(e, r)) {
            earlier = e;
            break;
          }
        }
      }
      if (earlier != null) {
        ctx.warning(
            r,
            "rule is never reached: line "
                + earlier.line()
                + " ("
                + Texts.t(earlier.daemons().toString())
                + ": "
                + Texts.t(earlier.clients().toString())
                + ") matches every request this rule could match first",
            "remove this rule, or move it above line " + earlier.line());
        continue;
      }
      seen.putIfAbsent(key, r);
      if (catchAll.size() < MAX_CATCH_ALL && isCatchAll(r)) {
        catchAll.add(r);
      }
    }
  }

  /**
   * The client list is {@code ALL} (among other words) without exceptions and the daemon list has
   * none.
   */
  private static boolean isCatchAll(Rule r) {
    if (r.clients().segments().size() != 1 || r.daemons().segments().size() != 1) {
      return false;
    }
    for (ClientPattern c : r.clients().segments().get(0)) {
      if (c.user() == null && RuleText.equalsIgnoreCase(c.token(), "ALL")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Every daemon word of {@code r}'s first segment is {@code ALL} or named in catch-all {@code e}.
   */
  private static boolean daemonsCovered(Rule e, Rule r) {
    for (DaemonPattern d : r.daemons().segments().get(0)) {
      String name = d.token();
      int at = name.isEmpty() ? -1 : RuleText.splitAt(name, 1, '@');
      String daemon = at < 0 ? name : name.substring(0, at);
      boolean covered = false;
      for (DaemonPattern x : e.daemons().segments().get(0)) {
        if (x.serverHost() == null
            && (RuleText.equalsIgnoreCase(x.token(), "ALL")
                || RuleText.equalsIgnoreCase(x.token(), daemon))) {
          covered = true;
          break;
        }
      }
      if (!covered) {
        return false;
      }
    }
    return !r.daemons().segments().get(0).isEmpty();
  }
}
