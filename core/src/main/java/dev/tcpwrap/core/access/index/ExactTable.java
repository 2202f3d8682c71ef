package dev.tcpwrap.core.access.index;

/**
 * {@link AddressPrefixes}' full-length prefixes (single addresses: {@code a.b.c.d}, {@code [v6]}),
 * the bulk of a blocklist, in an open-addressing hash table of primitive arrays: a lookup is one
 * hash and a short run of neighbouring slots, however many addresses share a bucket's leading bits
 * (a blocklist's IPv6 addresses all start with the same 32 bits). Each slot holds the address and
 * the rule field {@link AddressPrefixes} keeps for a prefix (a rule number, or a negative list
 * index), stored plus one so that 0 marks an empty slot.
 */
final class ExactTable {

  private final boolean wide;
  private long[] hi;
  private long[] lo;
  private int[] fields;
  private int count;

  /**
   * {@code wide}: 128-bit keys (IPv6); else the key is the low word (IPv4). Sized for {@code
   * expected} keys, so that a blocklist's table is not grown and rehashed twenty times.
   */
  ExactTable(boolean wide, int expected) {
    this.wide = wide;
    int capacity = 16;
    while (capacity * 7L < expected * 10L) {
      capacity <<= 1;
    }
    allocate(capacity);
  }

  private void allocate(int capacity) {
    hi = wide ? new long[capacity] : null;
    lo = new long[capacity];
    fields = new int[capacity];
  }

  private static int hash(long h, long l) {
    long x = h * 0x9E3779B97F4A7C15L ^ l * 0xC2B2AE3D27D4EB4FL;
    x ^= x >>> 31;
    return (int) (x ^ (x >>> 17));
  }

  /** The slot of the key, or the empty slot where it would go. */
  private int slot(long h, long l) {
    int m = fields.length - 1;
    int i = hash(h, l) & m;
    while (fields[i] != 0 && !(lo[i] == l && (!wide || hi[i] == h))) {
      i = (i + 1) & m;
    }
    return i;
  }

  /** The rule field under the key, or {@code absent}. */
  int get(long h, long l, int absent) {
    int v = fields[slot(h, l)];
    return v == 0 ? absent : v > 0 ? v - 1 : v;
  }

  /**
   * Files {@code rule} under the key: the key's field becomes {@code merge.apply(old field, rule)}
   * when it has one, else {@code rule}; one probe either way.
   */
  void add(long h, long l, int rule, java.util.function.IntBinaryOperator merge) {
    if ((count + 1) * 10 > fields.length * 7) {
      grow();
    }
    int i = slot(h, l);
    int v = fields[i];
    int field;
    if (v == 0) {
      count++;
      lo[i] = l;
      if (wide) {
        hi[i] = h;
      }
      field = rule;
    } else {
      field = merge.applyAsInt(v > 0 ? v - 1 : v, rule);
    }
    fields[i] = field >= 0 ? field + 1 : field;
  }

  private void grow() {
    long[] oh = hi;
    long[] ol = lo;
    int[] of = fields;
    allocate(of.length * 2);
    for (int k = 0; k < of.length; k++) {
      if (of[k] != 0) {
        long h = wide ? oh[k] : 0;
        int i = slot(h, ol[k]);
        lo[i] = ol[k];
        if (wide) {
          hi[i] = h;
        }
        fields[i] = of[k];
      }
    }
  }

  boolean isEmpty() {
    return count == 0;
  }

  @Override
  public String toString() {
    return "ExactTable[" + count + " of " + fields.length + "]";
  }
}
