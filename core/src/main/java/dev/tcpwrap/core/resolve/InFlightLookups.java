package dev.tcpwrap.core.resolve;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lookups of a {@link SystemHostResolver} under way: concurrent requests for one address join
 * one lookup, at most {@code maxPending} distinct addresses are looked up at once (beyond that a
 * new address is {@code unknown} at once), and each lookup runs on a small pool of daemon threads
 * and puts its answer into the cache, also when every caller has given up waiting. Apart from the
 * resolver, which only reads the cache and waits a bounded time, because this is where work starts
 * and must stay bounded.
 */
final class InFlightLookups {

  private static final AtomicInteger POOLS = new AtomicInteger();

  private final NameVerifier verifier;
  private final long positiveTtlNanos;
  private final long negativeTtlNanos;
  private final int maxPending;
  private final ExpiringCache<String, HostName> cache;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, CompletableFuture<HostName>> inFlight = new HashMap<>();
  private final ThreadPoolExecutor executor;

  InFlightLookups(
      NameVerifier verifier,
      ExpiringCache<String, HostName> cache,
      long positiveTtlNanos,
      long negativeTtlNanos,
      int threads,
      int maxPending) {
    this.executor =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            daemonThreads("tcpwrap-resolver-" + POOLS.incrementAndGet() + "-"));
    this.executor.allowCoreThreadTimeOut(true);
    this.verifier = verifier;
    this.cache = cache;
    this.positiveTtlNanos = positiveTtlNanos;
    this.negativeTtlNanos = negativeTtlNanos;
    this.maxPending = maxPending;
  }

  /** The in-flight lookup of {@code key}, started if need be. */
  CompletableFuture<HostName> lookup(String key, InetAddress address) {
    CompletableFuture<HostName> f;
    lock.lock();
    try {
      f = inFlight.get(key);
      if (f != null) {
        return f;
      }
      HostName hit = cache.get(key); // finished between the caller's miss and this lock
      if (hit != null) {
        return CompletableFuture.completedFuture(hit);
      }
      if (inFlight.size() >= maxPending) {
        return CompletableFuture.completedFuture(HostName.UNKNOWN);
      }
      f = new CompletableFuture<>();
      inFlight.put(key, f);
    } finally {
      lock.unlock();
    }
    CompletableFuture<HostName> mine = f;
    try {
      executor.execute(() -> run(key, address, mine));
    } catch (RejectedExecutionException e) {
      finish(key, mine, HostName.UNKNOWN, false);
    }
    return f;
  }

  private void run(String key, InetAddress address, CompletableFuture<HostName> f) {
    HostName h = HostName.UNKNOWN;
    try {
      h = verifier.verify(address);
    } catch (RuntimeException | LinkageError e) {
      h = HostName.UNKNOWN; // a broken backend: no name, as a failed lookup
    } finally {
      finish(key, f, h == null ? HostName.UNKNOWN : h, true);
    }
  }

  private void finish(String key, CompletableFuture<HostName> f, HostName h, boolean cacheIt) {
    if (cacheIt) {
      cache.put(key, h, h.isKnown() ? positiveTtlNanos : negativeTtlNanos);
    }
    lock.lock();
    try {
      inFlight.remove(key, f);
    } finally {
      lock.unlock();
    }
    f.complete(h);
  }

  /** Lookups currently in flight (for tests and diagnostics). */
  int pending() {
    lock.lock();
    try {
      return inFlight.size();
    } finally {
      lock.unlock();
    }
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      // JNDI finds its DNS provider through the context loader; never pin an application's loader
      // here.
      t.setContextClassLoader(ClassLoader.getSystemClassLoader());
      return t;
    };
  }
}
