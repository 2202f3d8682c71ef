package dev.tcpwrap.core.access.index;

import dev.tcpwrap.core.net.Inet4;
import java.util.Arrays;

/**
 * Rule numbers filed under address prefixes of one family (IPv4: 32 bits, IPv6: 128 bits),
 * answering "which rules have a prefix containing this address" in a few memory accesses, however
 * many rules there are.
 *
 * <p>Prefixes at least {@code split} bits long go into a bucket chosen by their first {@code split}
 * bits (a direct table for IPv4's 16 bits, a hash table for IPv6's 32), where the few entries are
 * compared directly; shorter prefixes, which real rule sets have few of ({@code 10.}, {@code
 * 0.0.0.0/0.0.0.0}, {@code [::]/0}), are probed per length. A lookup thus costs one bucket plus one
 * probe per short length in use.
 *
 * <p>A bucket is one {@code long[]}: a header (the number of prefixes; for the hash table its key
 * first), then three words per prefix: the prefix's high and low 64 bits and {@code length | rule
 * << 8}, where a negative rule is the index of a list in {@link #lists} (a prefix filed by several
 * rules). A lookup with a hundred thousand rules thus reads a table slot and one array, where an
 * object per prefix would cost a cache miss each. Built once, then read-only and thread-safe.
 */
final class AddressPrefixes {

  private static final int[] NONE = new int[0];

  /** Entries of a bucket searched for the same prefix when filing. */
  private static final int MERGE_LIMIT = 16;

  /** {@link #lookupSingle}: no rule. */
  static final int NO_RULE = -1;

  /** {@link #lookupSingle}: more than one rule; ask {@link #lookup}. */
  static final int SEVERAL = -2;

  /** No rule field in {@link #exact} (a field is a rule number or a negative list index). */
  private static final int ABSENT = Integer.MIN_VALUE;

  private final int bits;
  private final int split;
  private final long[][] direct;
  private final BucketTable hashed;
  private final PrefixMap[] shortMaps;
  private final ExactTable exact;
  private int[] shortLengths = NONE;
  private int[][] lists = new int[0][];
  private int listCount;
  private boolean empty = true;

  private AddressPrefixes(int bits, int split, boolean directTable, int expectedAddresses) {
    this.bits = bits;
    this.split = split;
    this.direct = directTable ? new long[1 << split][] : null;
    this.hashed = directTable ? null : new BucketTable();
    this.shortMaps = new PrefixMap[split];
    this.exact = new ExactTable(bits == 128, expectedAddresses);
  }

  /** For IPv4, sized for {@code expectedAddresses} single addresses. */
  static AddressPrefixes ipv4(int expectedAddresses) {
    return new AddressPrefixes(32, 16, true, expectedAddresses);
  }

  /** For IPv6, sized for {@code expectedAddresses} single addresses. */
  static AddressPrefixes ipv6(int expectedAddresses) {
    return new AddressPrefixes(128, 32, false, expectedAddresses);
  }

  boolean isEmpty() {
    return empty;
  }

  /**
   * Files {@code rule} under the prefix {@code (hi, lo)/len} (host bits already zero); rules
   * ascend.
   */
  void add(long hi, long lo, int len, int rule) {
    empty = false;
    if (len == bits) {
      // single addresses, most of a blocklist, go to their own table: a bucket would hold all of a
      // network's (or, for IPv6, all of a /32's) addresses and be searched one by one
      exact.add(hi, lo, rule, this::addRule);
      return;
    }
    if (len < split) {
      if (shortMaps[len] == null) {
        shortMaps[len] = new PrefixMap();
        shortLengths = Arrays.copyOf(shortLengths, shortLengths.length + 1);
        shortLengths[shortLengths.length - 1] = len;
        Arrays.sort(shortLengths);
      }
      shortMaps[len].add(hi, lo, rule);
      return;
    }
    long key = top(hi, lo);
    long[] b = direct != null ? direct[(int) key] : hashed.get(key);
    int from = header();
    if (b != null && b[from - 1] <= MERGE_LIMIT) {
      // the same prefix filed again joins its entry; past a few entries it gets its own (lookups
      // find both), so that filing stays linear in a bucket that holds a whole network's hosts
      for (int e = from, end = end(b); e < end; e += 3) {
        if (b[e] == hi && b[e + 1] == lo && (int) (b[e + 2] & 0xff) == len) {
          b[e + 2] = len | (long) addRule((int) (b[e + 2] >> 8), rule) << 8;
          return;
        }
      }
    }
    int count = b == null ? 0 : (int) b[from - 1];
    long[] grown = b;
    if (b == null) {
      grown = new long[from + 3];
      if (direct == null) {
        grown[0] = key;
      }
    } else if (from + 3 * count + 3 > b.length) {
      grown = Arrays.copyOf(b, from + 2 * (b.length - from) + 3); // doubling: building stays linear
    }
    int at = from + 3 * count;
    grown[at] = hi;
    grown[at + 1] = lo;
    grown[at + 2] = len | (long) rule << 8;
    grown[from - 1] = count + 1;
    if (grown != b) {
      if (direct != null) {
        direct[(int) key] = grown;
      } else {
        hashed.put(key, grown);
      }
    }
  }

  /** Words before the first prefix of a bucket: the count (after the key, in the hash table). */
  private int header() {
    return direct != null ? 1 : 2;
  }

  /** The rule field after adding {@code rule} to the prefix whose field is {@code field}. */
  private int addRule(int field, int rule) {
    if (field >= 0) {
      if (field == rule) {
        return field;
      }
      if (listCount == lists.length) {
        lists = Arrays.copyOf(lists, Math.max(4, listCount * 2)); // doubling: a blocklist repeats
      }
      lists[listCount++] = new int[] {field, rule};
      return -listCount;
    }
    int[] v = lists[-field - 1];
    if (v[v.length - 1] != rule) {
      v = Arrays.copyOf(v, v.length + 1);
      v[v.length - 1] = rule;
      lists[-field - 1] = v;
    }
    return field;
  }

  /** The first {@code split} bits of an address. */
  private long top(long hi, long lo) {
    return bits == 32 ? lo >>> (32 - split) : hi >>> (64 - split);
  }

  private long[] bucket(long hi, long lo) {
    return direct != null ? direct[(int) top(hi, lo)] : hashed.get(top(hi, lo));
  }

  /** Whether the prefix in bucket {@code b} at {@code e} contains the address. */
  private boolean contains(long[] b, int e, long hi, long lo) {
    return contains(bits, hi, lo, b[e], b[e + 1], (int) (b[e + 2] & 0xff));
  }

  /**
   * Whether the prefix {@code (netHi, netLo)/len} of a {@code bits}-bit family (32: the value is in
   * the low word) contains the address {@code (hi, lo)}; {@code len} 0 contains every address of
   * the family.
   */
  static boolean contains(int bits, long hi, long lo, long netHi, long netLo, int len) {
    if (len == 0) {
      return true;
    }
    if (bits == 32) {
      return (lo >>> (32 - len)) == (netLo >>> (32 - len));
    }
    if (len <= 64) {
      return (hi >>> (64 - len)) == (netHi >>> (64 - len));
    }
    return hi == netHi
        && (len == 128 ? lo == netLo : (lo >>> (128 - len)) == (netLo >>> (128 - len)));
  }

  /** The end of bucket {@code b}'s prefixes (they start at {@link #header()}). */
  private int end(long[] b) {
    return header() + 3 * (int) b[header() - 1];
  }

  /**
   * The one rule whose prefix contains the address, {@link #NO_RULE}, or {@link #SEVERAL} (then
   * {@link #lookup} lists them). Allocates nothing: the common case of a lookup is one rule or
   * none.
   */
  int lookupSingle(long hi, long lo) {
    int found = exact.isEmpty() ? ABSENT : exact.get(hi, lo, ABSENT);
    if (found == ABSENT) {
      found = NO_RULE;
    } else if (found < 0) {
      return SEVERAL; // a list
    }
    long[] b = bucket(hi, lo);
    if (b != null) {
      for (int e = header(), end = end(b); e < end; e += 3) {
        if (contains(b, e, hi, lo)) {
          int field = (int) (b[e + 2] >> 8);
          if (found != NO_RULE || field < 0) {
            return SEVERAL;
          }
          found = field;
        }
      }
    }
    for (int len : shortLengths) {
      int[] r = shortMaps[len].get(hi & maskHi(len), lo & maskLo(len));
      if (r.length > 0) {
        if (found != NO_RULE || r.length > 1) {
          return SEVERAL;
        }
        found = r[0];
      }
    }
    return found;
  }

  /**
   * The rule numbers whose prefix contains the address, ascending (duplicates possible), or empty.
   */
  int[] lookup(long hi, long lo) {
    int[] out = NONE;
    int n = 0;
    int sources = 0;
    int single = exact.isEmpty() ? ABSENT : exact.get(hi, lo, ABSENT);
    if (single != ABSENT) {
      out = single >= 0 ? new int[] {single} : lists[-single - 1];
      n = out.length;
      sources++;
    }
    long[] b = bucket(hi, lo);
    if (b != null) {
      for (int e = header(), end = end(b); e < end; e += 3) {
        if (contains(b, e, hi, lo)) {
          int field = (int) (b[e + 2] >> 8);
          int[] r = field >= 0 ? new int[] {field} : lists[-field - 1];
          out = append(out, n, r);
          n += r.length;
          sources++;
        }
      }
    }
    for (int len : shortLengths) {
      int[] r = shortMaps[len].get(hi & maskHi(len), lo & maskLo(len));
      if (r.length > 0) {
        out = append(out, n, r);
        n += r.length;
        sources++;
      }
    }
    if (n == 0) {
      return NONE;
    }
    if (out.length != n) {
      out = Arrays.copyOf(out, n);
    }
    if (sources > 1) {
      Arrays.sort(out);
    }
    return out;
  }

  private static int[] append(int[] out, int n, int[] r) {
    if (n == 0 && out.length == 0) {
      return r; // the common case: one source, shared (callers only read it)
    }
    int[] grown = Arrays.copyOf(out, n + r.length);
    System.arraycopy(r, 0, grown, n, r.length);
    return grown;
  }

  /** The high word of the mask of a prefix length in this family. */
  private long maskHi(int len) {
    if (bits == 32) {
      return 0;
    }
    return len == 0 ? 0 : len >= 64 ? -1L : -1L << (64 - len);
  }

  /** The low word of the mask of a prefix length in this family. */
  private long maskLo(int len) {
    if (bits == 32) {
      return Inet4.prefixMask(len);
    }
    return len <= 64 ? 0 : len == 128 ? -1L : -1L << (128 - len);
  }
}
