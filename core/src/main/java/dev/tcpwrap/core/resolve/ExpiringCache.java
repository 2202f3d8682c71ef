package dev.tcpwrap.core.resolve;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * A small LRU map whose entries expire, for lookup results: each entry carries its own lifetime, so
 * positive and negative answers can live for different times.
 *
 * <p>Why not a {@code ConcurrentHashMap}: the size bound needs access order, and the critical
 * sections are a few map operations, never a wait, so one {@link ReentrantLock} (not {@code
 * synchronized}, which pins virtual threads on JDK 17-23) is simple and cheap.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class ExpiringCache<K, V> {

  private final int maxEntries;
  private final LongSupplier nanoClock;
  private final ReentrantLock lock = new ReentrantLock();
  private final LinkedHashMap<K, Entry<V>> map;

  /**
   * @param maxEntries the most entries kept (the least recently used go first); 0 disables the
   *     cache
   * @param nanoClock a monotonic clock in nanoseconds, {@link System#nanoTime} outside tests
   */
  ExpiringCache(int maxEntries, LongSupplier nanoClock) {
    if (maxEntries < 0) {
      throw new IllegalArgumentException("maxEntries < 0: " + maxEntries);
    }
    this.maxEntries = maxEntries;
    this.nanoClock = nanoClock;
    this.map =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<K, Entry<V>> eldest) {
            return size() > ExpiringCache.this.maxEntries;
          }
        };
  }

  /** The live value for {@code key}, or null. */
  V get(K key) {
    lock.lock();
    try {
      Entry<V> e = map.get(key);
      if (e == null) {
        return null;
      }
      if (nanoClock.getAsLong() - e.expiresAt >= 0) {
        map.remove(key);
        return null;
      }
      return e.value;
    } finally {
      lock.unlock();
    }
  }

  /** Stores {@code value} for {@code ttlNanos}; a non-positive lifetime stores nothing. */
  void put(K key, V value, long ttlNanos) {
    if (ttlNanos <= 0 || maxEntries == 0) {
      return;
    }
    lock.lock();
    try {
      map.put(key, new Entry<>(value, nanoClock.getAsLong() + ttlNanos));
    } finally {
      lock.unlock();
    }
  }

  /** The number of entries held, live or expired. */
  int size() {
    lock.lock();
    try {
      return map.size();
    } finally {
      lock.unlock();
    }
  }

  /** Drops every entry. */
  void clear() {
    lock.lock();
    try {
      map.clear();
    } finally {
      lock.unlock();
    }
  }

  private record Entry<V>(V value, long expiresAt) {}
}
