package dev.tcpwrap.core.lint;

import dev.tcpwrap.core.match.ClientPattern;
import dev.tcpwrap.core.options.Option;
import dev.tcpwrap.core.options.OptionKind;
import dev.tcpwrap.core.rules.Rule;
import java.util.ArrayList;
import java.util.List;

/**
 * Rules that make libwrap ask the client's ident (RFC 931) server who the user is: {@code
 * user@host} patterns, the {@code rfc931} option and {@code %u}. Each lookup can stall a connection
 * for the ident timeout (10 s by default) when the client runs no identd or a firewall drops port
 * 113.
 */
final class IdentCheck implements RuleCheck {

  @Override
  public void check(Rule rule, LintContext ctx) {
    List<String> users = new ArrayList<>();
    for (ClientPattern c : HostPatterns.clients(rule)) {
      if (c.user() != null) {
        users.add(c.token());
      }
    }
    if (!users.isEmpty()) {
      ctx.warning(
          rule,
          "user@host pattern"
              + (users.size() > 1 ? "s " : " ")
              + Texts.quoted(users, 3)
              + (users.size() > 1 ? " need" : " needs")
              + " an ident (RFC 931) lookup of every client whose host part"
              + " matches",
          "each lookup can delay the connection up to 10 s when the client runs no identd; prefer host"
              + " patterns");
    }
    for (Option o : rule.options().options()) {
      if (o.kind() == OptionKind.RFC931) {
        ctx.warning(
            rule,
            "option \"rfc931\" makes an ident (RFC 931) lookup of every client this rule matches",
            "each lookup can delay the connection up to 10 s when the client runs no identd");
      } else if (o.kind().expands() && o.value() != null && o.value().contains("%u")) {
        ctx.warning(
            rule,
            "%u in option \""
                + o.kind().keyword()
                + "\" makes an ident (RFC 931) lookup of"
                + " every client this rule matches",
            "each lookup can delay the connection up to 10 s when the client runs no identd");
      }
    }
  }
}
