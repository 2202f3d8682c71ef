package dev.tcpwrap.core.access;

import dev.tcpwrap.core.access.index.DaemonView;
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
import dev.tcpwrap.core.rules.Rule;
import dev.tcpwrap.core.rules.RuleTable;
import dev.tcpwrap.core.rules.RuleTableLoader;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

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

  /**
   * Per rule of each table, its verdict when it decides by address alone, or null (see {@link
   * #outcomes}).
   */
  private final AddressVerdict[] allowOutcomes;

  private final AddressVerdict[] denyOutcomes;
  private final ConcurrentHashMap<String, DaemonView> daemonViews = new ConcurrentHashMap<>();
  private DaemonView lastView;

  /**
   * Made on the first IPv6 client, not when the agent starts (it loads part of java.lang.invoke).
   */
  private static final class Words {
    static final VarHandle LONG_BE =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  }

  /** Daemon names whose view is kept; a JVM has a few (one per listening port at most). */
  private static final int MAX_DAEMON_VIEWS = 64;

  private AccessControl(
      RuleTable allow, RuleTable deny, MatchEnvironment environment, boolean indexed) {
    this.allow = allow;
    this.deny = deny;
    this.environment = environment;
    this.allowIndex = indexed ? TableIndex.build(allow) : null;
    this.denyIndex = indexed ? TableIndex.build(deny) : null;
    this.allowOutcomes = indexed ? outcomes(RuleTable.Role.ALLOW, allowIndex.rules()) : null;
    this.denyOutcomes = indexed ? outcomes(RuleTable.Role.DENY, denyIndex.rules()) : null;
  }

  /**
   * The verdict each rule gives when it matches, for the rules whose options leave nothing to carry
   * out (none, or only {@code allow} / {@code deny}); null for the others (option errors are
   * reported, other options act).
   */
  private static AddressVerdict[] outcomes(RuleTable.Role table, Rule[] rules) {
    AddressVerdict[] out = new AddressVerdict[rules.length];
    for (int i = 0; i < rules.length; i++) {
      OptionList ol = rules[i].options();
      if (ol.error() != null
          || !ol.options().stream()
              .allMatch(o -> o.kind() == OptionKind.ALLOW || o.kind() == OptionKind.DENY)) {
        continue;
      }
      // as byOptions: the first allow/deny option decides, else the table
      boolean granted =
          ol.options().isEmpty()
              ? table == RuleTable.Role.ALLOW
              : ol.options().get(0).kind() == OptionKind.ALLOW;
      out[i] =
          new AddressVerdict(
              granted,
              granted ? Verdict.Reason.ALLOW_RULE : Verdict.Reason.DENY_RULE,
              table,
              rules[i]);
    }
    return out;
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
    if (allowIndex == null || daemon == null) {
      return null;
    }
    int family;
    long hi;
    long lo;
    if (client instanceof Inet4Address) {
      hi = 0;
      // byte by byte: escape analysis then drops the copy getAddress() makes (a VarHandle read
      // keeps it)
      byte[] b = client.getAddress();
      lo = ((b[0] & 0xffL) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
      if (lo == 0xffffffffL) {
        return null; // libwrap's inet_addr() cannot tell it from an error: the ordinary way knows
      }
      family = 4;
    } else if (client instanceof Inet6Address a6 && a6.getScopeId() == 0) {
      byte[] b = a6.getAddress();
      hi = (long) Words.LONG_BE.get(b, 0);
      lo = (long) Words.LONG_BE.get(b, 8);
      if (hi == 0 && (lo >>> 32) == 0xffffL) {
        return null; // IPv4-mapped: the JDK gives these as IPv4 addresses; a text form would differ
      }
      family = 6;
    } else {
      return null;
    }
    DaemonView view = daemonView(daemon);
    if (view == null) {
      return null;
    }
    int a = allowIndex.firstAddressMatch(view.allow(), family, hi, lo);
    if (a >= 0) {
      return allowOutcomes[a];
    }
    if (a == TableIndex.UNDECIDED || allow.failure() != null) {
      return null;
    }
    int d = denyIndex.firstAddressMatch(view.deny(), family, hi, lo);
    if (d >= 0) {
      return denyOutcomes[d];
    }
    if (d == TableIndex.UNDECIDED || deny.failure() != null) {
      return null;
    }
    return AddressVerdict.DEFAULT;
  }

  private DaemonView daemonView(String daemon) {
    DaemonView last = lastView;
    if (last != null && last.daemon() == daemon) {
      return last; // a listener passes the same string every time
    }
    DaemonView v = daemonViews.get(daemon);
    if (v == null) {
      if (daemonViews.size() >= MAX_DAEMON_VIEWS) {
        return null;
      }
      v = daemonViews.computeIfAbsent(daemon, d -> DaemonView.of(d, allowIndex, denyIndex));
    }
    lastView = v; // racy on purpose: any thread's view is right, the field only saves a map lookup
    return v;
  }

  /**
   * Works out, ahead of the first connection, what {@link #decideAddress} needs for {@code daemon}:
   * about a millisecond per 20,000 rules, better spent where rules are loaded than on an accepting
   * thread.
   */
  public void prepare(String daemon) {
    if (allowIndex != null && daemon != null) {
      daemonView(daemon);
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
