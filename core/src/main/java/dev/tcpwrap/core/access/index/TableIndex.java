package dev.tcpwrap.core.access.index;

import dev.tcpwrap.core.diag.RuleError;
import dev.tcpwrap.core.match.ClientPattern;
import dev.tcpwrap.core.match.DaemonPattern;
import dev.tcpwrap.core.match.Evaluation;
import dev.tcpwrap.core.match.PatternList;
import dev.tcpwrap.core.request.AddressForms;
import dev.tcpwrap.core.request.Endpoint;
import dev.tcpwrap.core.rules.PackedEntries;
import dev.tcpwrap.core.rules.Rule;
import dev.tcpwrap.core.rules.RuleTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the first matching rule of a table without trying every rule.
 *
 * <p>A rule is <em>indexed</em> when every token before its first {@code EXCEPT} is a plain address
 * pattern (an IPv4 address, {@code n.n.n.} prefix, contiguous net/mask, {@code [v6]} or {@code
 * [v6]/len}): such a rule can match only a client inside one of those prefixes, so it is filed
 * under them. A lookup probes the prefix lengths in use, merges the rule numbers found with the
 * rules that are not indexed, and evaluates just those rules, in file order, with the ordinary
 * matcher. The index only skips rules that cannot match; first-match order, {@code EXCEPT} lists
 * and daemon lists are evaluated as in a full scan.
 *
 * <p>It applies to requests whose client address is in canonical text form (what the agent always
 * has); anything else is scanned linearly.
 */
public final class TableIndex {

  private final RuleTable table;

  /** The table's entries; rule numbers are their positions (a skipped line is no rule). */
  private final List<RuleTable.Entry> entries;

  /** The same entries when they are packed, else null. */
  private final PackedEntries packed;

  /** The rules of the table as first indexed. */
  private final Segment base;

  /**
   * The rules appended to the table since ({@link #extend}), after {@link #base}'s, or null: the
   * first match is {@link #base}'s, else the tail's.
   */
  private final Segment tail;

  /**
   * Per rule: its client list as prefix tests ({@link AddressOnlyList}), or null when it needs
   * more, or when it is compact (its one token is filed in the index, so reaching it is matching).
   */
  private final long[][] addressOnly;

  /**
   * Per rule: whether reaching it in {@link #firstAddressMatch} means its client list matches. True
   * for a rule filed in the index whose list has no {@code EXCEPT} (found under a prefix that holds
   * the address: every token is an address pattern filed under its prefixes, so one of them
   * matches), which every compact rule is, and for a list that is {@code ALL} and nothing else.
   */
  private final boolean[] reachedMeansMatch;

  /** The rules {@code [from, to)} of a table filed under their prefixes, and those that are not. */
  private static final class Segment {
    final int from;
    final AddressPrefixes v4;
    final AddressPrefixes v6;
    int[] unindexed;

    Segment(int from, int singleV4, int singleV6) {
      this.from = from;
      this.v4 = AddressPrefixes.ipv4(singleV4);
      this.v6 = AddressPrefixes.ipv6(singleV6);
    }
  }

  private TableIndex(RuleTable table) {
    this.table = table;
    this.entries = table.entries();
    this.packed = entries instanceof PackedEntries p ? p : null;
    int n = entries.size();
    addressOnly = new long[n][];
    reachedMeansMatch = new boolean[n];
    this.base =
        new Segment(
            0,
            packed == null ? 0 : packed.singleAddresses(4),
            packed == null ? 0 : packed.singleAddresses(6));
    this.tail = null;
    fill(base, n);
  }

  /** {@code older}'s base, with the rules past it (appended since) as the tail. */
  private TableIndex(TableIndex older, RuleTable table) {
    this.table = table;
    this.entries = table.entries();
    this.packed = (PackedEntries) entries;
    int n = entries.size();
    int baseEnd = older.tail == null ? older.size() : older.tail.from;
    addressOnly = Arrays.copyOf(older.addressOnly, n);
    reachedMeansMatch = Arrays.copyOf(older.reachedMeansMatch, n);
    this.base = older.base;
    this.tail = new Segment(baseEnd, 0, 0);
    fill(tail, n);
  }

  /** Files the rules from {@code s.from} to {@code n} in {@code s}. */
  private void fill(Segment s, int n) {
    int[] un = new int[16];
    int unCount = 0;
    long[] prefix = new long[4];
    for (int i = s.from; i < n; i++) {
      if (packed != null && packed.isCompact(i)) {
        packed.clientPrefix(i, prefix);
        (prefix[0] == 4 ? s.v4 : s.v6).add(prefix[2], prefix[3], (int) prefix[1], i);
        reachedMeansMatch[i] = true;
        continue;
      }
      Rule rule = rule(i);
      if (rule == null) {
        continue; // a skipped line: never a candidate
      }
      boolean indexed = file(s, i, rule);
      if (!indexed) {
        if (unCount == un.length) {
          un = Arrays.copyOf(un, unCount * 2);
        }
        un[unCount++] = i;
      }
      addressOnly[i] = AddressOnlyList.compile(rule.clients());
      List<List<ClientPattern>> segments = rule.clients().segments();
      reachedMeansMatch[i] =
          segments.size() == 1 && (indexed || AddressOnlyList.isAllOnly(segments.get(0)));
    }
    s.unindexed = Arrays.copyOf(un, unCount);
  }

  /** Rules appended since the base index was built past which {@link #extend} builds anew. */
  static final int TAIL_LIMIT = 1 << 16;

  /**
   * The index of {@code table}, which is {@code older}'s table with lines appended ({@link
   * PackedEntries#appendedTo}): {@code older}'s filing of the rules it had is kept, only the
   * appended ones are filed (those appended since its base was built, so that a table appended to
   * again and again keeps two parts). Built whole when {@code table} is not such a table, or when
   * the appended rules have grown past {@link #TAIL_LIMIT}.
   */
  public static TableIndex extend(TableIndex older, RuleTable table) {
    if (older == null
        || older.packed == null
        || !(table.entries() instanceof PackedEntries p)
        || !p.appendedTo(older.packed)
        || p.size() < older.size()) {
      return build(table);
    }
    int baseEnd = older.tail == null ? older.size() : older.tail.from;
    if (p.size() - baseEnd > TAIL_LIMIT) {
      return build(table);
    }
    return new TableIndex(older, table);
  }

  /** Whether reaching rule {@code i} in an address lookup means its client list matches. */
  boolean reachedMeansMatch(int i) {
    return reachedMeansMatch[i];
  }

  /** The number of rule numbers: the table's entries (some of which are skipped lines). */
  public int size() {
    return reachedMeansMatch.length;
  }

  /** Rule {@code i}, or null when entry {@code i} is a skipped line (compact: made here). */
  public Rule rule(int i) {
    return entries.get(i) instanceof RuleTable.RuleEntry r ? r.rule() : null;
  }

  /** Whether rule {@code i} is kept compact (no options, one address token). */
  public boolean isCompact(int i) {
    return packed != null && packed.isCompact(i);
  }

  /** The line of rule {@code i}. */
  public int line(int i) {
    return table.line(i);
  }

  /** The table indexed. */
  public RuleTable table() {
    return table;
  }

  /** The daemon lists compact rules share ({@link #sharedDaemonList}), or none. */
  List<PatternList<DaemonPattern>> sharedDaemonLists() {
    return packed == null ? List.of() : packed.daemonLists();
  }

  /**
   * The number of rule {@code i}'s daemon list in {@link #sharedDaemonLists}, or -1 when it has its
   * own ({@link #daemons}).
   */
  int sharedDaemonList(int i) {
    return isCompact(i) ? packed.daemonList(i) : -1;
  }

  /** The daemon list of a rule that is not compact, or null for a skipped line. */
  PatternList<DaemonPattern> daemons(int i) {
    Rule r = rule(i);
    return r == null ? null : r.daemons();
  }

  /** Indexes a table. */
  public static TableIndex build(RuleTable table) {
    return new TableIndex(table);
  }

  /** Files rule {@code i} under its address prefixes in {@code s}; false when not indexable. */
  private static boolean file(Segment s, int i, Rule rule) {
    List<List<ClientPattern>> segments = rule.clients().segments();
    List<ClientPattern> first = segments.get(0);
    if (first.isEmpty()) {
      return true; // matches nothing: no prefix to file it under
    }
    List<long[]> keys = new ArrayList<>();
    for (ClientPattern c : first) {
      if (c.user() != null || !PatternPrefixes.add(c.host(), keys)) {
        return false;
      }
    }
    for (long[] k : keys) {
      (k[0] == 4 ? s.v4 : s.v6).add(k[2], k[3], (int) k[1], i);
    }
    return true;
  }

  /** Rule {@code i} if it matches ({@link Rule#matches}), else null. */
  private Rule matchingRule(int i, Evaluation ev) throws RuleError {
    if (packed != null) {
      return packed.matchingRule(i, ev);
    }
    Rule r = rule(i);
    return r.matches(ev) ? r : null;
  }

  /** The first rule of the table that matches, as a top-to-bottom scan would find it. */
  public Rule firstMatch(Evaluation ev) throws RuleError {
    if (!indexable(ev.request().client())) {
      return table.firstMatch(ev);
    }
    Rule r = firstMatch(base, ev);
    return r != null || tail == null ? r : firstMatch(tail, ev);
  }

  private Rule firstMatch(Segment s, Evaluation ev) throws RuleError {
    int[] candidates = candidates(s, ev.request().client());
    int[] unindexed = s.unindexed;
    int i = 0;
    int j = 0;
    int last = -1;
    while (i < candidates.length || j < unindexed.length) {
      int next;
      if (j >= unindexed.length || (i < candidates.length && candidates[i] < unindexed[j])) {
        next = candidates[i++];
      } else {
        next = unindexed[j++];
      }
      if (next == last) {
        continue;
      }
      last = next;
      Rule r = matchingRule(next, ev);
      if (r != null) {
        return r;
      }
    }
    return null;
  }

  /** {@link #firstAddressMatch}: no rule matches. */
  public static final int NO_MATCH = -1;

  /**
   * {@link #firstAddressMatch}: a rule that may match needs more than the daemon name and the
   * address.
   */
  public static final int UNDECIDED = -2;

  /**
   * The number of the first rule that matches a canonical client address, as {@link #firstMatch}
   * would find it, using only what {@code daemons} knows of the daemon name and the rules' {@link
   * AddressOnlyList}s; {@link #UNDECIDED} as soon as a rule that cannot be passed over needs more
   * (a host name, a user, the server endpoint): the caller then decides the ordinary way. Allocates
   * nothing unless several prefixes hold the address.
   */
  public int firstAddressMatch(DaemonView.Table daemons, int family, long hi, long lo) {
    int r = firstAddressMatch(base, daemons, family, hi, lo);
    return r != NO_MATCH || tail == null ? r : firstAddressMatch(tail, daemons, family, hi, lo);
  }

  private int firstAddressMatch(Segment s, DaemonView.Table daemons, int family, long hi, long lo) {
    AddressPrefixes prefixes = family == 4 ? s.v4 : s.v6;
    int[] unindexed = s.unindexed;
    int single = prefixes.isEmpty() ? AddressPrefixes.NO_RULE : prefixes.lookupSingle(hi, lo);
    int[] several = single == AddressPrefixes.SEVERAL ? prefixes.lookup(hi, lo) : null;
    int filed = several != null ? several.length : single >= 0 ? 1 : 0;
    int i = 0;
    int j = 0;
    int last = -1;
    while (i < filed || j < unindexed.length) {
      int next;
      int candidate = i < filed ? (several != null ? several[i] : single) : Integer.MAX_VALUE;
      if (j >= unindexed.length || candidate < unindexed[j]) {
        next = candidate;
        i++;
      } else {
        next = unindexed[j++];
      }
      if (next == last) {
        continue;
      }
      last = next;
      int state = daemons.state(next);
      if (state == DaemonView.NO) {
        continue;
      }
      if (state == DaemonView.MATCH) {
        return next;
      }
      long[] list = addressOnly[next];
      if (list == null || state == DaemonView.SERVER && reachedMeansMatch[next]) {
        return UNDECIDED;
      }
      if (AddressOnlyList.matches(list, family, hi, lo)) {
        // a daemon list that depends on the server endpoint is what the ordinary way must evaluate
        return state == DaemonView.YES ? next : UNDECIDED;
      }
    }
    return NO_MATCH;
  }

  /** Whether the index applies to the client ({@link #candidates}). */
  private static boolean indexable(Endpoint client) {
    if (client.nameEvaluated() && client.name().indexOf(':') >= 0) {
      return false; // a given host name that may be an IPv6 literal can match [v6] tokens by name
    }
    AddressForms a = client.forms();
    return a.indexV4() != AddressForms.NONE || a.indexV6();
  }

  /**
   * Rule numbers of {@code s} filed under the client's prefixes ({@link #indexable}), ascending.
   */
  private static int[] candidates(Segment s, Endpoint client) {
    AddressForms a = client.forms();
    if (a.indexV4() != AddressForms.NONE) {
      return s.v4.isEmpty() ? EMPTY : s.v4.lookup(0, a.indexV4());
    }
    return s.v6.isEmpty() ? EMPTY : s.v6.lookup(a.hi(), a.lo());
  }

  private static final int[] EMPTY = new int[0];
}
