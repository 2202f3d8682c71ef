package dev.tcpwrap.core.access.index;

import java.util.Arrays;

/**
 * Rule numbers by address prefix of one length: an open-addressing hash map from a 128-bit key
 * (IPv4 keys use the low word only) to a sorted array of rule numbers. Built once, then read-only
 * and thread-safe.
 */
final class PrefixMap {

  private static final int[] NONE = new int[0];

  private long[] hi;
  private long[] lo;
  private int[][] values;
  private int size;
  private int mask;

  PrefixMap() {
    allocate(16);
  }

  private void allocate(int capacity) {
    hi = new long[capacity];
    lo = new long[capacity];
    values = new int[capacity][];
    mask = capacity - 1;
    size = 0;
  }

  private static int hash(long h, long l) {
    long x = h * 0x9E3779B97F4A7C15L ^ l * 0xC2B2AE3D27D4EB4FL;
    x ^= x >>> 31;
    return (int) (x ^ (x >>> 17));
  }

  /** Adds rule number {@code rule} under the key (rules are added in ascending order). */
  void add(long h, long l, int rule) {
    if ((size + 1) * 2 > values.length) {
      grow();
    }
    int i = hash(h, l) & mask;
    while (values[i] != null) {
      if (hi[i] == h && lo[i] == l) {
        int[] v = values[i];
        if (v[v.length - 1] != rule) {
          v = Arrays.copyOf(v, v.length + 1);
          v[v.length - 1] = rule;
          values[i] = v;
        }
        return;
      }
      i = (i + 1) & mask;
    }
    hi[i] = h;
    lo[i] = l;
    values[i] = new int[] {rule};
    size++;
  }

  private void grow() {
    long[] oh = hi;
    long[] ol = lo;
    int[][] ov = values;
    allocate(ov.length * 2);
    for (int k = 0; k < ov.length; k++) {
      if (ov[k] != null) {
        int i = hash(oh[k], ol[k]) & mask;
        while (values[i] != null) {
          i = (i + 1) & mask;
        }
        hi[i] = oh[k];
        lo[i] = ol[k];
        values[i] = ov[k];
        size++;
      }
    }
  }

  /** The rule numbers under the key, ascending; empty when none. */
  int[] get(long h, long l) {
    int i = hash(h, l) & mask;
    int[] v;
    while ((v = values[i]) != null) {
      if (hi[i] == h && lo[i] == l) {
        return v;
      }
      i = (i + 1) & mask;
    }
    return NONE;
  }
}
