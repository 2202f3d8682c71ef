package dev.tcpwrap.core.lint;

import dev.tcpwrap.core.match.HostPattern;
import dev.tcpwrap.core.match.StringPattern;
import dev.tcpwrap.core.rules.Rule;
import dev.tcpwrap.core.text.RuleText;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * At most one note per file: name-based patterns ({@code .domain}, host names, {@code KNOWN},
 * {@code LOCAL}, {@code UNKNOWN}, {@code PARANOID}, {@code @netgroup}, wildcards, {@code [ipv6]}
 * tokens the address did not match) make libwrap look up the client's host name, reverse and
 * forward, on every connection that reaches them. That is a property of the design, not a mistake,
 * so it is a note and does not change the exit status.
 */
final class DnsLookupNote implements RuleWalk {

  private Rule first;
  private final Set<String> tokens = new LinkedHashSet<>();
  private int rules;

  @Override
  public void rule(int entry, Rule r, LintContext ctx) {
    List<String> names = nameBased(r);
    if (names.isEmpty()) {
      return;
    }
    rules++;
    if (first == null) {
      first = r;
    }
    if (tokens.size() < 4) {
      tokens.addAll(names);
    }
  }

  @Override
  public void end(LintContext ctx) {
    if (first == null) {
      return;
    }
    List<String> shown = new ArrayList<>(tokens);
    ctx.note(
        first,
        first.line(),
        "name-based patterns ("
            + Texts.quoted(shown, 4)
            + ") in "
            + (rules == 1 ? "this rule" : rules + " rules, the first here,")
            + " make libwrap look up the client's host name (reverse and forward DNS) on every connection that"
            + " reaches them; a slow or failing resolver delays connections and changes what they match");
  }

  static List<String> nameBased(Rule r) {
    List<String> out = new ArrayList<>();
    for (HostPattern hp : HostPatterns.of(r)) {
      if (needsName(hp)) {
        out.add(hp.token());
      }
    }
    return out;
  }

  private static boolean needsName(HostPattern hp) {
    String t = hp.token();
    if (t.startsWith("@")
        || RuleText.equalsIgnoreCase(t, "KNOWN")
        || RuleText.equalsIgnoreCase(t, "LOCAL")) {
      return true;
    }
    if (hp instanceof HostPattern.Plain p) {
      return p.pattern().kind() != StringPattern.Kind.ALL && !p.addressOnly();
    }
    return false;
  }
}
