package dev.tcpwrap.core.lint;

import dev.tcpwrap.core.match.ClientPattern;
import dev.tcpwrap.core.match.DaemonPattern;
import dev.tcpwrap.core.rules.Rule;
import dev.tcpwrap.core.rules.RuleTable;
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
final class ReachabilityCheck implements RuleWalk {

  /** Bound on the earlier catch-all rules compared with each rule, to keep huge tables linear. */
  private static final int MAX_CATCH_ALL = 256;

  private final FirstByHash seen = new FirstByHash();
  private final Map<String, Integer> sharedHash = new HashMap<>();
  private final List<Rule> catchAll = new ArrayList<>();

  @Override
  public void rule(int i, Rule r, LintContext ctx) {
    RuleTable table = ctx.table();
    if (r.daemons().isEmpty() || r.clients().isEmpty()) {
      return;
    }
    String key = key(r);
    Rule earlier = null;
    long hash = hash(key);
    int first = seen.get(hash);
    if (first >= 0) {
      Rule e = Rules.at(table, first);
      if (key(e).equals(key)) {
        earlier = e;
      } else {
        // two keys with one hash (a 64-bit hash: practically never): told apart by the keys
        Integer x = sharedHash.get(key);
        earlier = x == null ? null : Rules.at(table, x);
      }
    }
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
      return;
    }
    if (first < 0) {
      seen.put(hash, i);
    } else {
      sharedHash.putIfAbsent(key, i);
    }
    if (catchAll.size() < MAX_CATCH_ALL && isCatchAll(r)) {
      catchAll.add(r);
    }
  }

  private static String key(Rule r) {
    return r.daemons() + "\0" + r.clients();
  }

  private static long hash(String s) {
    long h = 0xcbf29ce484222325L; // FNV-1a, then mixed
    for (int k = 0; k < s.length(); k++) {
      h = (h ^ s.charAt(k)) * 0x100000001b3L;
    }
    return h ^ (h >>> 29);
  }

  /**
   * The first entry of each rule key, by the key's 64-bit hash, in primitive arrays: a blocklist
   * has a million keys, which as strings in a map would not fit the tools' heap; the rule of the
   * entry is made again to compare the keys when a hash is found.
   */
  private static final class FirstByHash {
    private long[] hashes = new long[1024];
    private int[] entries = new int[1024]; // entry + 1; 0 is an empty slot
    private int count;

    /** The entry filed under {@code h}, or -1. */
    int get(long h) {
      int m = hashes.length - 1;
      for (int i = slot(h, m); entries[i] != 0; i = (i + 1) & m) {
        if (hashes[i] == h) {
          return entries[i] - 1;
        }
      }
      return -1;
    }

    /** Files {@code entry} under {@code h}, which has none yet. */
    void put(long h, int entry) {
      int m = hashes.length - 1;
      int i = slot(h, m);
      while (entries[i] != 0) {
        i = (i + 1) & m;
      }
      hashes[i] = h;
      entries[i] = entry + 1;
      if (++count * 2 > hashes.length) {
        grow();
      }
    }

    private static int slot(long h, int m) {
      return Long.hashCode(h * 0x9E3779B97F4A7C15L) & m;
    }

    private void grow() {
      long[] oh = hashes;
      int[] oe = entries;
      hashes = new long[oh.length * 2];
      entries = new int[oh.length * 2];
      int m = hashes.length - 1;
      for (int k = 0; k < oh.length; k++) {
        if (oe[k] != 0) {
          int i = slot(oh[k], m);
          while (entries[i] != 0) {
            i = (i + 1) & m;
          }
          hashes[i] = oh[k];
          entries[i] = oe[k];
        }
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
