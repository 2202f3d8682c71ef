package dev.tcpwrap.core.access.index;

/**
 * The hash table of {@link AddressPrefixes}' IPv6 buckets, by a 64-bit key (open addressing, at
 * most half full). The keys have an array of their own (and stay in the bucket's first word too):
 * probing reads neighbouring keys from one cache line instead of dereferencing each bucket it
 * passes.
 */
final class BucketTable {
  private long[] keys = new long[16];
  private long[][] slots = new long[16][];
  private int count;

  long[] get(long key) {
    long[] k = keys;
    long[][] s = slots;
    int m = s.length - 1;
    int i = spread(key) & m;
    long[] b;
    while ((b = s[i]) != null) {
      if (k[i] == key) {
        return b;
      }
      i = (i + 1) & m;
    }
    return null;
  }

  /** Stores {@code bucket} (whose first word is its key), replacing the one with the same key. */
  void put(long key, long[] bucket) {
    int m = slots.length - 1;
    int i = spread(key) & m;
    while (slots[i] != null) {
      if (keys[i] == key) {
        slots[i] = bucket;
        return;
      }
      i = (i + 1) & m;
    }
    keys[i] = key;
    slots[i] = bucket;
    if (++count * 2 > slots.length) {
      long[][] old = slots;
      keys = new long[old.length * 2];
      slots = new long[old.length * 2][];
      m = slots.length - 1;
      for (long[] b : old) {
        if (b != null) {
          int j = spread(b[0]) & m;
          while (slots[j] != null) {
            j = (j + 1) & m;
          }
          keys[j] = b[0];
          slots[j] = b;
        }
      }
    }
  }

  private static int spread(long key) {
    long x = key * 0x9E3779B97F4A7C15L;
    return (int) (x ^ (x >>> 29));
  }
}
