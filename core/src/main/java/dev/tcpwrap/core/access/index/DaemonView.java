package dev.tcpwrap.core.access.index;

import dev.tcpwrap.core.match.DaemonPattern;
import dev.tcpwrap.core.match.PatternList;
import dev.tcpwrap.core.request.Endpoint;
import dev.tcpwrap.core.request.Request;
import java.util.List;

/**
 * What the daemon lists of both tables say about one daemon name, worked out once per name and rule
 * set: per rule, the list does not match ({@link #NO}), matches ({@link #YES}; {@link #MATCH} when
 * reaching the rule in an address lookup also means its client list matches, see {@link
 * TableIndex#reachedMeansMatch}), or depends on the server endpoint ({@link #SERVER}: a {@code
 * daemon@host} or port token). A daemon name is fixed per listening port, so a connection reads two
 * bits per rule it reaches instead of evaluating daemon patterns.
 */
public final class DaemonView {

  static final int NO = 0;
  static final int YES = 1;
  static final int SERVER = 2;
  static final int MATCH = 3;

  private final String daemon;
  private final String name;
  private final Table allow;
  private final Table deny;

  private DaemonView(String daemon, String name, Table allow, Table deny) {
    this.daemon = daemon;
    this.name = name;
    this.allow = allow;
    this.deny = deny;
  }

  /** Works out the view of {@code daemon} on both tables. */
  public static DaemonView of(String daemon, TableIndex allow, TableIndex deny) {
    // the name as a request carries it (cut to libwrap's length)
    String name = Request.ofStrings(daemon, Endpoint.unknown(), Endpoint.unknown(), null).daemon();
    return new DaemonView(
        daemon, name, Table.of(allow, name, null, 0), Table.of(deny, name, null, 0));
  }

  /**
   * {@code older}'s daemon on tables whose first {@code keptAllow} and {@code keptDeny} rules are
   * those {@code older} was worked out for: only the others are looked at.
   */
  public static DaemonView next(
      DaemonView older, TableIndex allow, TableIndex deny, int keptAllow, int keptDeny) {
    return new DaemonView(
        older.daemon,
        older.name,
        Table.of(allow, older.name, older.allow, keptAllow),
        Table.of(deny, older.name, older.deny, keptDeny));
  }

  /**
   * The daemon name as given to {@link #of} (the same string, which callers compare by identity).
   */
  public String daemon() {
    return daemon;
  }

  /** The states of the hosts.allow rules. */
  public Table allow() {
    return allow;
  }

  /** The states of the hosts.deny rules. */
  public Table deny() {
    return deny;
  }

  /** The states of one table's rules, two bits each, 32 rules per word. */
  public static final class Table {
    private final long[] states;

    private Table(long[] states) {
      this.states = states;
    }

    /** The states of {@code index}'s rules, those before {@code kept} taken from {@code older}. */
    static Table of(TableIndex index, String daemon, Table older, int kept) {
      int n = index.size();
      if (older == null) {
        kept = 0;
      } else if (kept == n && older.states.length == (n + 31) >>> 5) {
        return older;
      }
      long[] states = new long[(n + 31) >>> 5];
      if (kept > 0) {
        System.arraycopy(older.states, 0, states, 0, kept >>> 5);
        if ((kept & 31) != 0) {
          states[kept >>> 5] = older.states[kept >>> 5] & ((1L << ((kept & 31) << 1)) - 1);
        }
      }
      // compact rules share a few daemon lists: each is worked out once
      List<PatternList<DaemonPattern>> shared = index.sharedDaemonLists();
      int[] sharedStates = new int[shared.size()];
      for (int k = 0; k < sharedStates.length; k++) {
        sharedStates[k] = segmentState(shared.get(k).segments(), 0, daemon);
      }
      for (int i = kept; i < n; i++) {
        int id = index.sharedDaemonList(i);
        long s;
        if (id >= 0) {
          s = sharedStates[id];
        } else {
          PatternList<DaemonPattern> own = index.daemons(i);
          s = own == null ? NO : segmentState(own.segments(), 0, daemon);
        }
        if (s == YES && index.reachedMeansMatch(i)) {
          s = MATCH;
        }
        states[i >>> 5] |= s << ((i & 31) << 1);
      }
      return new Table(states);
    }

    int state(int rule) {
      return (int) (states[rule >>> 5] >>> ((rule & 31) << 1)) & 3;
    }
  }

  /**
   * A daemon list's value in three-valued logic: a name token is YES or NO; a {@code name@host}
   * token is NO when its name does not match, else SERVER; a port token is SERVER. Segments combine
   * as libwrap's {@code list_match()} (any token of a segment, then NOT the exception), SERVER
   * standing for "either".
   */
  private static int segmentState(List<List<DaemonPattern>> segments, int at, String daemon) {
    int own = NO;
    for (DaemonPattern d : segments.get(at)) {
      int t =
          d.daemon() == null
              ? SERVER
              : !d.daemon().matches(daemon) ? NO : d.serverHost() == null ? YES : SERVER;
      if (t == YES) {
        own = YES;
        break;
      }
      if (t == SERVER) {
        own = SERVER;
      }
    }
    if (own == NO || at + 1 == segments.size()) {
      return own;
    }
    int except = segmentState(segments, at + 1, daemon);
    if (except == YES) {
      return NO;
    }
    return except == NO ? own : SERVER;
  }
}
