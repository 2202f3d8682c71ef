package dev.tcpwrap.core.lint;

import dev.tcpwrap.core.options.Option;
import dev.tcpwrap.core.options.OptionKind;
import dev.tcpwrap.core.options.OptionList;
import dev.tcpwrap.core.rules.Rule;
import java.util.EnumSet;
import java.util.Set;

/**
 * The options field: errors (the matched rule denies, even in hosts.allow), options that set
 * process-wide state a JVM cannot take, {@code aclexec} (not run: what the agent decides instead),
 * and {@code %} sequences libwrap does not know.
 */
final class OptionCheck implements RuleCheck {

  /**
   * Options that change the whole process in tcpd; inside a JVM they are parsed and have no effect.
   * ({@code aclexec} is not run either, but changes verdicts: {@link AclexecText}.)
   */
  static final Set<OptionKind> NO_EFFECT =
      EnumSet.of(
          OptionKind.USER, OptionKind.GROUP, OptionKind.UMASK, OptionKind.NICE, OptionKind.SETENV);

  /** The letters of hosts_access(5) "% EXPANSIONS" (Debian adds {@code %r}, {@code %R}). */
  private static final String PERCENT_LETTERS = "aAcdhHnNprRsu%";

  @Override
  public void check(Rule rule, LintContext ctx) {
    OptionList ol = rule.options();
    for (Option o : ol.options()) {
      if (NO_EFFECT.contains(o.kind())) {
        ctx.warning(
            rule,
            "option \"" + o.kind().keyword() + "\" is parsed but has no effect inside a JVM",
            "it changes the whole process in tcpd; remove it, or set this up where the JVM is started");
      }
      if (o.kind() == OptionKind.ACLEXEC) {
        ctx.warning(rule, AclexecText.what(rule, ctx.table().role()), AclexecText.SUGGESTION);
      }
      if (o.kind().expands() && o.value() != null) {
        percent(rule, ctx, o.value());
      }
    }
    if (ol.error() != null) {
      ctx.error(rule, Texts.t(ol.error()), suggestion(rule, ol.error()));
    }
  }

  private static String suggestion(Rule rule, String error) {
    String denies = "libwrap DENIES every client this rule matches, even in hosts.allow";
    if (error.equals("missing option name")) {
      return denies
          + ": an empty option field, a ':' with nothing after it, is an error; remove the last ':'";
    }
    String text = rule.optionsText() == null ? "" : rule.optionsText();
    if (text.indexOf('#') >= 0 && error.contains("requires no value")) {
      return denies + "; there are no trailing comments: move the '#' comment to a line of its own";
    }
    return denies + "; fix the option";
  }

  private static void percent(Rule rule, LintContext ctx, String value) {
    for (int i = 0; i + 1 < value.length(); i++) {
      if (value.charAt(i) != '%') {
        continue;
      }
      char c = value.charAt(i + 1);
      if (PERCENT_LETTERS.indexOf(c) < 0) {
        ctx.warning(
            rule,
            "unrecognized %" + Texts.t(String.valueOf(c)),
            Texts.q("%" + c)
                + " expands to nothing, and the character after '%' is lost too; write %% for"
                + " a literal %");
      }
      i++;
    }
  }
}
