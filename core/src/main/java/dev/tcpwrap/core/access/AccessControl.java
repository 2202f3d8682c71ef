package dev.tcpwrap.core.access;

import dev.tcpwrap.core.access.index.TableIndex;
import dev.tcpwrap.core.diag.Diagnostic;
import dev.tcpwrap.core.diag.Diagnostics;
import dev.tcpwrap.core.diag.RuleError;
import dev.tcpwrap.core.match.Evaluation;
import dev.tcpwrap.core.match.MatchEnvironment;
import dev.tcpwrap.core.options.Option;
import dev.tcpwrap.core.options.OptionKind;
import dev.tcpwrap.core.options.OptionList;
import dev.tcpwrap.core.request.Request;
import dev.tcpwrap.core.rules.PackedEntries;
import dev.tcpwrap.core.rules.Rule;
import dev.tcpwrap.core.rules.RuleTable;
import dev.tcpwrap.core.rules.RuleTableLoader;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * The access decision of hosts_access(5): the first matching rule of hosts.allow grants; else the
 * first matching rule of hosts.deny refuses; else access is granted. A matched rule's options may
 * still decide otherwise ({@code allow}, {@code deny}, an option error denies). A missing file is
 * empty; a hosts.deny that cannot be read to its end denies everyone not already allowed (Debian's
 * libwrap).
 *
 * <p>Immutable and thread-safe: a reload builds a new instance. Rules whose client list starts with
 * plain addresses are found through an index, so a decision costs about the same for ten rules or a
 * hundred thousand; the verdict is the one a top-to-bottom scan gives.
 */
public final class AccessControl {

  private final RuleTable allow;
  private final RuleTable deny;
  private final TableIndex allowIndex;
  private final TableIndex denyIndex;
  private final MatchEnvironment environment;

  /** The decision by daemon name and address alone, or null without the index. */
  private final AddressDecider addresses;

  private AccessControl(
      RuleTable allow, RuleTable deny, MatchEnvironment environment, boolean indexed) {
    this.allow = allow;
    this.deny = deny;
    this.environment = environment;
    this.allowIndex = indexed ? TableIndex.build(allow) : null;
    this.denyIndex = indexed ? TableIndex.build(deny) : null;
    this.addresses = indexed ? new AddressDecider(allow, deny, allowIndex, denyIndex) : null;
  }

  private AccessControl(
      AccessControl older, RuleTable allow, RuleTable deny, MatchEnvironment environment) {
    this.allow = allow;
    this.deny = deny;
    this.environment = environment;
    this.allowIndex =
        allow == older.allow ? older.allowIndex : TableIndex.extend(older.allowIndex, allow);
    this.denyIndex =
        deny == older.deny ? older.denyIndex : TableIndex.extend(older.denyIndex, deny);
    this.addresses =
        new AddressDecider(
            allow,
            deny,
            allowIndex,
            denyIndex,
            older.addresses,
            kept(older.allow, allow),
            kept(older.deny, deny));
  }

  /**
   * The number of leading rules {@code table} shares with {@code older} (it is {@code older}, or
   * {@code older} with lines appended); 0 when it is another table.
   */
  private static int kept(RuleTable older, RuleTable table) {
    if (table == older) {
      return table.size();
    }
    return table.entries() instanceof PackedEntries p
            && older.entries() instanceof PackedEntries o
            && p.appendedTo(o)
        ? o.size()
        : 0;
  }

  /** Loads both files (missing ones are empty); never throws for bad content. */
  public static AccessControl load(Path allow, Path deny) {
    return of(
        RuleTableLoader.load(allow, RuleTable.Role.ALLOW),
        RuleTableLoader.load(deny, RuleTable.Role.DENY),
        FileMatchEnvironment.system());
  }

  /** An engine over parsed tables. */
  public static AccessControl of(RuleTable allow, RuleTable deny, MatchEnvironment environment) {
    return new AccessControl(allow, deny, environment, true);
  }

  /**
   * An engine over {@code allow} and {@code deny} in place of {@code older}'s tables, reusing what
   * {@code older} worked out: the index of a table that did not change, and of one that only grew
   * by lines at its end ({@link RuleTableLoader#append}) for the rules it had. The same decisions
   * as {@link #of}; a reload of a million-rule file that gained a line costs that line.
   */
  public static AccessControl next(
      AccessControl older, RuleTable allow, RuleTable deny, MatchEnvironment environment) {
    if (older == null || older.addresses == null) {
      return of(allow, deny, environment);
    }
    return new AccessControl(older, allow, deny, environment);
  }

  /** The same engine without the address index: every decision scans the tables top to bottom. */
  public static AccessControl linear(
      RuleTable allow, RuleTable deny, MatchEnvironment environment) {
    return new AccessControl(allow, deny, environment, false);
  }

  /** The hosts.allow table. */
  public RuleTable allowTable() {
    return allow;
  }

  /** The hosts.deny table. */
  public RuleTable denyTable() {
    return deny;
  }

  /** Decides a request, discarding diagnostics. */
  public Verdict decide(Request request) {
    return decide(request, Diagnostics.NONE, Explain.NONE);
  }

  /** Decides a request, reporting libwrap's run-time warnings and errors to {@code diagnostics}. */
  public Verdict decide(Request request, Diagnostics diagnostics, Explain explain) {
    Evaluation ev = new Evaluation(request, environment, diagnostics);
    try {
      Rule a = scan(allow, allowIndex, ev, explain);
      if (a != null) {
        return byOptions(RuleTable.Role.ALLOW, a, ev);
      }
      Rule d = scan(deny, denyIndex, ev, explain);
      if (d != null) {
        return byOptions(RuleTable.Role.DENY, d, ev);
      }
      if (deny.failed()) {
        return new Verdict(false, Verdict.Reason.TABLE_ERROR, null, null, List.of(), request);
      }
      return new Verdict(true, Verdict.Reason.DEFAULT, null, null, List.of(), request);
    } catch (RuleError e) {
      diagnostics.report(Diagnostic.error(ev.file(), ev.line(), e.getMessage()));
      return new Verdict(false, Verdict.Reason.EVALUATION_ERROR, null, null, List.of(), request);
    } catch (RuntimeException | StackOverflowError e) {
      diagnostics.report(Diagnostic.error(ev.file(), ev.line(), "internal error: " + e));
      return new Verdict(false, Verdict.Reason.EVALUATION_ERROR, null, null, List.of(), request);
    }
  }

  /**
   * The verdict for a connection from {@code client} to {@code daemon} when the daemon name and the
   * client address are all it takes: the rules that could match, found through the address index,
   * need no host name, user or server endpoint, and the deciding one has nothing to carry out. This
   * is the common case of rule sets made of addresses and networks, and it is decided without
   * building a {@link Request}, without allocating and without reporting anything. Returns null
   * when the request must be decided by {@link #decide(Request, Diagnostics, Explain)} (which gives
   * the same verdict where both apply: skipped rules are only those that cannot match, as with the
   * index).
   *
   * <p>The result is the same for an IPv4 client of an IPv4 listener and of a dual-stack one
   * (libwrap compares {@code ::ffff:a.b.c.d} as {@code a.b.c.d}).
   *
   * @param daemon the daemon name, as for {@link Request#forConnection}
   * @param client the client's address
   * @return the verdict, or null
   */
  public AddressVerdict decideAddress(String daemon, InetAddress client) {
    if (addresses == null || daemon == null) {
      return null;
    }
    return addresses.decide(daemon, client);
  }

  /**
   * Works out, ahead of the first connection, what {@link #decideAddress} needs for {@code daemon}:
   * about a millisecond per 20,000 rules, better spent where rules are loaded than on an accepting
   * thread.
   */
  public void prepare(String daemon) {
    if (addresses != null && daemon != null) {
      addresses.prepare(daemon);
    }
  }

  /**
   * libwrap's {@code table_match()}: the first matching rule, or null when none matches (then a
   * table that cannot be read to its end reports why; the caller sees that through {@link
   * RuleTable#failed()}).
   */
  private static Rule scan(RuleTable table, TableIndex index, Evaluation ev, Explain explain)
      throws RuleError {
    Rule match =
        index != null && explain == Explain.NONE ? index.firstMatch(ev) : table.firstMatch(ev);
    if (match != null) {
      explain.matched(match);
      return match;
    }
    if (table.failure() != null) {
      ev.diagnostics().report(table.failure());
      if (table.failure().line() > 0 || table.failure().file() != null) {
        ev.diagnostics()
            .report(
                Diagnostic.warning(
                    table.failure().file(),
                    table.failure().line(),
                    "all the subsequent rules will be ignored"));
      }
    }
    return null;
  }

  /**
   * A matched rule's options decide: errors deny, {@code allow}/{@code deny} decide, else the
   * table.
   */
  private static Verdict byOptions(RuleTable.Role table, Rule rule, Evaluation ev) {
    ev.at(rule.file(), rule.line());
    OptionList ol = rule.options();
    Request r = ev.request();
    if (ol.error() != null) {
      ev.diagnostics().report(Diagnostic.error(rule.file(), rule.line(), ol.error()));
      return new Verdict(false, Verdict.Reason.OPTION_ERROR, table, rule, ol.options(), r);
    }
    for (Option o : ol.options()) {
      if (o.kind() == OptionKind.ALLOW) {
        return new Verdict(true, Verdict.Reason.ALLOW_RULE, table, rule, ol.options(), r);
      }
      if (o.kind() == OptionKind.DENY) {
        return new Verdict(false, Verdict.Reason.DENY_RULE, table, rule, ol.options(), r);
      }
      if (o.kind() == OptionKind.TWIST) {
        return new Verdict(false, Verdict.Reason.TWIST, table, rule, ol.options(), r);
      }
    }
    boolean granted = table == RuleTable.Role.ALLOW;
    return new Verdict(
        granted,
        granted ? Verdict.Reason.ALLOW_RULE : Verdict.Reason.DENY_RULE,
        table,
        rule,
        ol.options(),
        r);
  }
}
