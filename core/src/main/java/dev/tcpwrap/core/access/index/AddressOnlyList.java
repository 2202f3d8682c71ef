package dev.tcpwrap.core.access.index;

import dev.tcpwrap.core.match.ClientPattern;
import dev.tcpwrap.core.match.HostPattern;
import dev.tcpwrap.core.match.PatternList;
import dev.tcpwrap.core.match.StringPattern;
import java.util.ArrayList;
import java.util.List;

/**
 * A client list whose every token, {@code EXCEPT} lists included, is {@code ALL} or a plain address
 * pattern, kept as flat prefix tests: whether it matches a canonical client address needs no host
 * name, no user, no objects.
 *
 * <p>A token's prefixes are those {@link PatternPrefixes#add} gives; for these tokens a canonical
 * address matches the token exactly when it lies in one of them (a token with none, such as {@code
 * 010.0.0.1}, matches no canonical address). {@code EXCEPT} nests as in {@link PatternList}.
 *
 * <p>Encoding, one {@code long[]}: the segment count, then per segment its token count and per
 * token three words: {@code family << 8 | length} (family 4, 6, or {@link #ANY} for {@code ALL}; a
 * token without prefixes is left out, it never matches), and the prefix's high and low 64 bits.
 */
final class AddressOnlyList {

  private static final long ANY = 0;

  private AddressOnlyList() {}

  /** The flat form of a client list, or null when some token needs more than the address. */
  static long[] compile(PatternList<ClientPattern> clients) {
    List<Long> out = new ArrayList<>();
    List<List<ClientPattern>> segments = clients.segments();
    out.add((long) segments.size());
    for (List<ClientPattern> segment : segments) {
      int countAt = out.size();
      out.add(0L);
      int tokens = 0;
      for (ClientPattern c : segment) {
        if (c.user() != null) {
          return null;
        }
        if (isAll(c.host())) {
          out.add(ANY);
          out.add(0L);
          out.add(0L);
          tokens++;
          continue;
        }
        List<long[]> keys = new ArrayList<>();
        if (!PatternPrefixes.add(c.host(), keys)) {
          return null;
        }
        for (long[] k : keys) {
          out.add(k[0] << 8 | k[1]);
          out.add(k[2]);
          out.add(k[3]);
          tokens++;
        }
      }
      out.set(countAt, (long) tokens);
    }
    long[] program = new long[out.size()];
    for (int i = 0; i < program.length; i++) {
      program[i] = out.get(i);
    }
    return program;
  }

  /** Whether a segment is {@code ALL} and nothing else (then it matches every client address). */
  static boolean isAllOnly(List<ClientPattern> segment) {
    return segment.size() == 1 && segment.get(0).user() == null && isAll(segment.get(0).host());
  }

  private static boolean isAll(HostPattern host) {
    return host instanceof HostPattern.Plain p && p.pattern().kind() == StringPattern.Kind.ALL;
  }

  /**
   * Whether the list matches the canonical address {@code (hi, lo)} of {@code family} (4: lo is the
   * value).
   */
  static boolean matches(long[] program, int family, long hi, long lo) {
    return matchesFrom(program, 1, (int) program[0], family, hi, lo);
  }

  // segment at position `at`, `left` segments from here on; the first token that matches ends the
  // segment,
  // and the rest of the list is its exception
  private static boolean matchesFrom(long[] p, int at, int left, int family, long hi, long lo) {
    int tokens = (int) p[at];
    int t = at + 1;
    boolean hit = false;
    for (int k = 0; k < tokens; k++, t += 3) {
      long head = p[t];
      if (head == ANY) {
        hit = true;
      } else if ((int) (head >>> 8) == family) {
        hit =
            AddressPrefixes.contains(
                family == 4 ? 32 : 128, hi, lo, p[t + 1], p[t + 2], (int) (head & 0xff));
      }
      if (hit) {
        break;
      }
    }
    if (!hit) {
      return false;
    }
    if (left == 1) {
      return true;
    }
    int next = at + 1 + 3 * tokens;
    return !matchesFrom(p, next, left - 1, family, hi, lo);
  }
}
