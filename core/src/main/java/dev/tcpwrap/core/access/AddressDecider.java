package dev.tcpwrap.core.access;

import dev.tcpwrap.core.access.index.DaemonView;
import dev.tcpwrap.core.access.index.TableIndex;
import dev.tcpwrap.core.options.OptionKind;
import dev.tcpwrap.core.options.OptionList;
import dev.tcpwrap.core.rules.Rule;
import dev.tcpwrap.core.rules.RuleTable;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link AccessControl#decideAddress}: the verdict when the daemon name and the client address are
 * all it takes, without a {@link dev.tcpwrap.core.request.Request} and without allocating. Apart
 * from the ordinary decision because it is only a shortcut to the same verdict, with state of its
 * own (a view of the rules per daemon name, a ready verdict per rule); where it cannot be sure it
 * answers null and the ordinary decision runs.
 */
final class AddressDecider {

  private final RuleTable allow;
  private final RuleTable deny;
  private final TableIndex allowIndex;
  private final TableIndex denyIndex;

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

  AddressDecider(RuleTable allow, RuleTable deny, TableIndex allowIndex, TableIndex denyIndex) {
    this(allow, deny, allowIndex, denyIndex, null, 0, 0);
  }

  /**
   * Reusing what {@code older} (null: nothing) worked out for the first {@code keptAllow} and
   * {@code keptDeny} rules of the tables, which are the same rules in both.
   */
  AddressDecider(
      RuleTable allow,
      RuleTable deny,
      TableIndex allowIndex,
      TableIndex denyIndex,
      AddressDecider older,
      int keptAllow,
      int keptDeny) {
    this.allow = allow;
    this.deny = deny;
    this.allowIndex = allowIndex;
    this.denyIndex = denyIndex;
    this.allowOutcomes =
        older != null && keptAllow == allowIndex.size() && older.allowIndex == allowIndex
            ? older.allowOutcomes
            : outcomes(
                RuleTable.Role.ALLOW,
                allowIndex,
                older == null ? null : older.allowOutcomes,
                keptAllow);
    this.denyOutcomes =
        older != null && keptDeny == denyIndex.size() && older.denyIndex == denyIndex
            ? older.denyOutcomes
            : outcomes(
                RuleTable.Role.DENY,
                denyIndex,
                older == null ? null : older.denyOutcomes,
                keptDeny);
    if (older != null) {
      // the views of the daemons prepared before, carried on for the rules kept
      for (DaemonView v : older.daemonViews.values()) {
        DaemonView next =
            DaemonView.next(
                v,
                allowIndex,
                denyIndex,
                older.allowIndex == allowIndex ? allowIndex.size() : keptAllow,
                older.denyIndex == denyIndex ? denyIndex.size() : keptDeny);
        daemonViews.put(v.daemon(), next);
      }
    }
  }

  /**
   * The verdict each rule gives when it matches, for the rules whose options leave nothing to carry
   * out (none, or only {@code allow} / {@code deny}); null for the others (option errors are
   * reported, other options act).
   */
  private static AddressVerdict[] outcomes(
      RuleTable.Role table, TableIndex index, AddressVerdict[] older, int kept) {
    AddressVerdict[] out =
        older == null || kept == 0
            ? new AddressVerdict[index.size()]
            : Arrays.copyOf(older, index.size());
    for (int i = older == null ? 0 : kept; i < out.length; i++) {
      if (index.isCompact(i)) {
        continue; // made per decision (AddressVerdict.compact): no object per blocklist line
      }
      Rule rule = index.rule(i);
      if (rule == null) {
        continue;
      }
      OptionList ol = rule.options();
      if (ol.error() != null
          || !ol.options().stream()
              .allMatch(o -> o.kind() == OptionKind.ALLOW || o.kind() == OptionKind.DENY)) {
        continue;
      }
      // as AccessControl.byOptions: the first allow/deny option decides, else the table
      boolean granted =
          ol.options().isEmpty()
              ? table == RuleTable.Role.ALLOW
              : ol.options().get(0).kind() == OptionKind.ALLOW;
      out[i] =
          new AddressVerdict(
              granted, granted ? Verdict.Reason.ALLOW_RULE : Verdict.Reason.DENY_RULE, table, rule);
    }
    return out;
  }

  /**
   * The verdict for a connection from {@code client} to {@code daemon} (not null), or null: see
   * {@link AccessControl#decideAddress}.
   */
  AddressVerdict decide(String daemon, InetAddress client) {
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
      AddressVerdict v = allowOutcomes[a];
      // null for a rule whose options act: the ordinary way carries them out
      return v != null || !allowIndex.isCompact(a)
          ? v
          : AddressVerdict.compact(RuleTable.Role.ALLOW, allowIndex, a);
    }
    if (a == TableIndex.UNDECIDED || allow.failure() != null) {
      return null;
    }
    int d = denyIndex.firstAddressMatch(view.deny(), family, hi, lo);
    if (d >= 0) {
      AddressVerdict v = denyOutcomes[d];
      return v != null || !denyIndex.isCompact(d)
          ? v
          : AddressVerdict.compact(RuleTable.Role.DENY, denyIndex, d);
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
   * Works out the view of the rules for {@code daemon} (not null); see {@link
   * AccessControl#prepare}.
   */
  void prepare(String daemon) {
    daemonView(daemon);
  }
}
