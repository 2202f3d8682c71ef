package dev.tcpwrap.core.access;

import java.util.Arrays;

/**
 * Rule numbers filed under address prefixes of one family (IPv4: 32 bits, IPv6: 128 bits), answering "which
 * rules have a prefix containing this address" in a few memory accesses, however many rules there are.
 *
 * <p>Prefixes at least {@code split} bits long go into a bucket chosen by their first {@code split} bits (a
 * direct table for IPv4's 16 bits, a hash map for IPv6's 32), where the few entries are compared directly;
 * shorter prefixes, which real rule sets have few of ({@code 10.}, {@code 0.0.0.0/0.0.0.0}, {@code [::]/0}),
 * are probed per length. A lookup thus costs one bucket plus one probe per short length in use, instead of one
 * probe per length in use. Built once, then read-only and thread-safe.
 */
final class AddressPrefixes {

    private static final int[] NONE = new int[0];

    private final int bits;
    private final int split;
    private final Bucket[] direct;
    private final BucketMap hashed;
    private final PrefixMap[] shortMaps;
    private int[] shortLengths = NONE;
    private boolean empty = true;

    private AddressPrefixes(int bits, int split, boolean directTable) {
        this.bits = bits;
        this.split = split;
        this.direct = directTable ? new Bucket[1 << split] : null;
        this.hashed = directTable ? null : new BucketMap();
        this.shortMaps = new PrefixMap[split];
    }

    static AddressPrefixes ipv4() {
        return new AddressPrefixes(32, 16, true);
    }

    static AddressPrefixes ipv6() {
        return new AddressPrefixes(128, 32, false);
    }

    boolean isEmpty() {
        return empty;
    }

    /** Files {@code rule} under the prefix {@code (hi, lo)/len} (host bits already zero); rules ascend. */
    void add(long hi, long lo, int len, int rule) {
        empty = false;
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
        Bucket b;
        if (direct != null) {
            b = direct[(int) key];
            if (b == null) {
                b = new Bucket();
                direct[(int) key] = b;
            }
        } else {
            b = hashed.getOrCreate(key);
        }
        b.add(hi, lo, len, rule);
    }

    /** The first {@code split} bits of an address. */
    private long top(long hi, long lo) {
        return bits == 32 ? lo >>> (32 - split) : hi >>> (64 - split);
    }

    /** The rule numbers whose prefix contains the address, ascending (duplicates possible), or empty. */
    int[] lookup(long hi, long lo) {
        int[] out = NONE;
        int n = 0;
        int sources = 0;
        Bucket b = direct != null ? direct[(int) top(hi, lo)] : hashed.get(top(hi, lo));
        if (b != null) {
            for (int e = 0; e < b.size; e++) {
                if ((hi & b.maskHi[e]) == b.hi[e] && (lo & b.maskLo[e]) == b.lo[e]) {
                    int[] r = b.rules[e];
                    out = append(out, n, r);
                    n += r.length;
                    sources++;
                }
            }
        }
        for (int len : shortLengths) {
            long[] m = mask(len);
            int[] r = shortMaps[len].get(hi & m[0], lo & m[1]);
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

    /** The mask of a prefix length in this family, as (high, low) words. */
    long[] mask(int len) {
        if (bits == 32) {
            return new long[] {0, len == 0 ? 0 : (0xffffffffL << (32 - len)) & 0xffffffffL};
        }
        long mh = len == 0 ? 0 : len >= 64 ? -1L : -1L << (64 - len);
        long ml = len <= 64 ? 0 : len == 128 ? -1L : -1L << (128 - len);
        return new long[] {mh, ml};
    }

    /** The prefixes that share their first {@code split} bits. */
    private final class Bucket {
        long[] hi = new long[1];
        long[] lo = new long[1];
        long[] maskHi = new long[1];
        long[] maskLo = new long[1];
        int[] len = new int[1];
        int[][] rules = new int[1][];
        int size;

        void add(long h, long l, int length, int rule) {
            for (int e = 0; e < size; e++) {
                if (len[e] == length && hi[e] == h && lo[e] == l) {
                    int[] v = rules[e];
                    if (v[v.length - 1] != rule) {
                        v = Arrays.copyOf(v, v.length + 1);
                        v[v.length - 1] = rule;
                        rules[e] = v;
                    }
                    return;
                }
            }
            if (size == len.length) {
                int c = size * 2;
                hi = Arrays.copyOf(hi, c);
                lo = Arrays.copyOf(lo, c);
                maskHi = Arrays.copyOf(maskHi, c);
                maskLo = Arrays.copyOf(maskLo, c);
                len = Arrays.copyOf(len, c);
                rules = Arrays.copyOf(rules, c);
            }
            long[] m = mask(length);
            hi[size] = h;
            lo[size] = l;
            maskHi[size] = m[0];
            maskLo[size] = m[1];
            len[size] = length;
            rules[size] = new int[] {rule};
            size++;
        }
    }

    /** Buckets by a 64-bit key (open addressing). */
    private final class BucketMap {
        private long[] keys = new long[16];
        private Bucket[] values = new Bucket[16];
        private int count;

        Bucket get(long key) {
            int m = keys.length - 1;
            int i = spread(key) & m;
            Bucket b;
            while ((b = values[i]) != null) {
                if (keys[i] == key) {
                    return b;
                }
                i = (i + 1) & m;
            }
            return null;
        }

        Bucket getOrCreate(long key) {
            Bucket b = get(key);
            if (b != null) {
                return b;
            }
            if ((count + 1) * 2 > keys.length) {
                long[] ok = keys;
                Bucket[] ov = values;
                keys = new long[ok.length * 2];
                values = new Bucket[ok.length * 2];
                for (int k = 0; k < ok.length; k++) {
                    if (ov[k] != null) {
                        put(ok[k], ov[k]);
                    }
                }
            }
            b = new Bucket();
            put(key, b);
            count++;
            return b;
        }

        private void put(long key, Bucket b) {
            int m = keys.length - 1;
            int i = spread(key) & m;
            while (values[i] != null) {
                i = (i + 1) & m;
            }
            keys[i] = key;
            values[i] = b;
        }

        private int spread(long key) {
            long x = key * 0x9E3779B97F4A7C15L;
            return (int) (x ^ (x >>> 29));
        }
    }
}
