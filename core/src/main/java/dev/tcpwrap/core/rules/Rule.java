package dev.tcpwrap.core.rules;

import dev.tcpwrap.core.diag.RuleError;
import dev.tcpwrap.core.match.ClientPattern;
import dev.tcpwrap.core.match.DaemonPattern;
import dev.tcpwrap.core.match.Evaluation;
import dev.tcpwrap.core.match.PatternList;
import dev.tcpwrap.core.options.OptionList;

/**
 * One access-control rule: {@code daemon_list : client_list [: options]}, with where it was
 * written.
 *
 * @param file the rule file as named to the engine
 * @param line the physical line libwrap reports for it (the last line of a continued rule)
 * @param daemons the daemon list
 * @param clients the client list
 * @param optionsText the raw options field, or null when the rule has none
 * @param options the parsed options ({@link OptionList#NONE} when there are none)
 */
public record Rule(
    String file,
    int line,
    PatternList<DaemonPattern> daemons,
    PatternList<ClientPattern> clients,
    String optionsText,
    OptionList options) {

  /** The rule as text, normalised: {@code daemons: clients[: options]}. */
  public String text() {
    String t = daemons + ": " + clients;
    return optionsText == null ? t : t + ": " + optionsText.strip();
  }

  /**
   * Whether the daemon list and then the client list match ({@code table_match()}'s test; the
   * client list is not evaluated when the daemon list fails, so its lookups are not made).
   */
  public boolean matches(Evaluation ev) throws RuleError {
    ev.at(file, line);
    return daemons.matches(ev) && clients.matches(ev);
  }

  /** {@code file:line}, e.g. {@code hosts.allow:3}. */
  public String ref() {
    return file + ":" + line;
  }
}
