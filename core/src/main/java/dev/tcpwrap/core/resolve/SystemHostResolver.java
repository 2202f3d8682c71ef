package dev.tcpwrap.core.resolve;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The default {@link HostResolver}: libwrap's verified reverse lookup ({@link NameVerifier})
 * against the system's name services ({@link NameServices#system()}), cached, shared and
 * time-bounded.
 *
 * <p><b>Bounded.</b> A dead or slow DNS server must not stall accept(): the lookup runs on a small
 * pool of daemon threads and the caller waits at most {@code timeout}, then gets {@code unknown}
 * &mdash; what libwrap's man page promises ("If a name server lookup times out, the host name will
 * not be available"). The abandoned lookup carries on (bounded by the backend's own query timeouts)
 * and its answer is cached for the next connection.
 *
 * <p><b>Cached.</b> Verified names live {@code positiveTtl}; {@code unknown} and {@code paranoid}
 * live {@code negativeTtl}, so a repaired DNS record is seen soon; at most {@code maxEntries}
 * addresses are kept (least recently used dropped). A caller that gave up is never cached as {@code
 * unknown}.
 *
 * <p><b>Shared.</b> Concurrent requests for one address join a single in-flight lookup ({@link
 * InFlightLookups}); at most {@code maxPending} distinct lookups may be in flight, beyond that new
 * addresses are {@code unknown} at once (a flood of clients from many addresses cannot queue
 * unbounded work).
 *
 * <p><b>Not waited for when dead.</b> After a few callers in a row waited their whole time-out, no
 * lookup is made for a while ({@link LookupBackoff}): a dead DNS server costs the acceptor a few
 * time-outs, not one per new client address.
 *
 * <p>Never throws. Never holds a lock while waiting: the wait is on a {@link CompletableFuture},
 * the locks guard only map operations, so virtual-thread callers are not pinned.
 */
public final class SystemHostResolver implements HostResolver {

  /** Default bound on the time a caller waits for a name. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  /** Default lifetime of a verified name. */
  public static final Duration DEFAULT_POSITIVE_TTL = Duration.ofSeconds(60);

  /** Default lifetime of {@code unknown} and {@code paranoid}. */
  public static final Duration DEFAULT_NEGATIVE_TTL = Duration.ofSeconds(10);

  /** Default cache size. */
  public static final int DEFAULT_MAX_ENTRIES = 4096;

  /** Default number of lookup threads. */
  public static final int DEFAULT_THREADS = 4;

  /** Default limit of distinct lookups in flight. */
  public static final int DEFAULT_MAX_PENDING = 256;

  private final long timeoutNanos;
  private final ExpiringCache<String, HostName> cache;
  private final InFlightLookups lookups;
  private final LookupBackoff backoff;

  /**
   * A resolver with the default pool sizes.
   *
   * @param timeout the longest a caller waits (0: answer from the cache only, look up in the
   *     background)
   * @param positiveTtl how long a verified name is cached (0: not cached)
   * @param negativeTtl how long {@code unknown}/{@code paranoid} is cached (0: not cached)
   * @param maxEntries the most addresses cached (0: no cache)
   * @param service the name-service backend
   */
  public SystemHostResolver(
      Duration timeout,
      Duration positiveTtl,
      Duration negativeTtl,
      int maxEntries,
      NameService service) {
    this(
        builder()
            .timeout(timeout)
            .positiveTtl(positiveTtl)
            .negativeTtl(negativeTtl)
            .maxEntries(maxEntries)
            .nameService(service));
  }

  private SystemHostResolver(Builder b) {
    NameVerifier verifier = new NameVerifier(b.service != null ? b.service : NameServices.system());
    this.timeoutNanos = b.timeout.toNanos();
    this.cache = new ExpiringCache<>(b.maxEntries, b.clock);
    this.backoff = new LookupBackoff(b.backoffAfter, b.backoffPeriod, b.clock, b.log);
    this.lookups =
        new InFlightLookups(
            verifier,
            cache,
            b.positiveTtl.toNanos(),
            b.negativeTtl.toNanos(),
            b.threads,
            b.maxPending);
  }

  /**
   * A process-wide resolver with every default, on the system's name services; created on first
   * use.
   */
  public static SystemHostResolver defaults() {
    return Shared.INSTANCE;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public HostName nameOf(InetAddress address) {
    if (address == null) {
      return HostName.UNKNOWN;
    }
    try {
      InetAddress a = Addresses.unmap(address);
      String key = Addresses.text(a);
      HostName hit = cache.get(key);
      if (hit != null) {
        return hit;
      }
      if (timeoutNanos > 0 && backoff.active()) {
        return HostName.UNKNOWN; // a dead name service: nobody waits, nothing is queued
      }
      return await(lookups.lookup(key, a));
    } catch (RuntimeException e) {
      return HostName.UNKNOWN;
    }
  }

  private HostName await(CompletableFuture<HostName> f) {
    if (timeoutNanos <= 0) {
      return f.getNow(HostName.UNKNOWN);
    }
    try {
      HostName h = f.get(timeoutNanos, TimeUnit.NANOSECONDS);
      backoff.answered();
      return h;
    } catch (TimeoutException e) {
      backoff.timedOut(timeoutNanos);
      return HostName.UNKNOWN;
    } catch (ExecutionException e) {
      return HostName.UNKNOWN;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return HostName.UNKNOWN;
    }
  }

  /** Lookups currently in flight (for tests and diagnostics). */
  int pending() {
    return lookups.pending();
  }

  /** Forgets every cached answer (in-flight lookups still complete and are cached). */
  public void clearCache() {
    cache.clear();
  }

  /** Configuration; every setting starts at its default. */
  public static final class Builder {
    private Duration timeout = DEFAULT_TIMEOUT;
    private Duration positiveTtl = DEFAULT_POSITIVE_TTL;
    private Duration negativeTtl = DEFAULT_NEGATIVE_TTL;
    private int maxEntries = DEFAULT_MAX_ENTRIES;
    private int threads = DEFAULT_THREADS;
    private int maxPending = DEFAULT_MAX_PENDING;
    private NameService service;
    private LongSupplier clock = System::nanoTime;
    private int backoffAfter = LookupBackoff.DEFAULT_THRESHOLD;
    private Duration backoffPeriod = LookupBackoff.DEFAULT_PERIOD;
    private Consumer<String> log = line -> {};

    private Builder() {}

    /** The longest a caller waits for a name (default 2 s); 0 answers from the cache only. */
    public Builder timeout(Duration d) {
      timeout = nonNegative(d, "timeout");
      return this;
    }

    /** How long a verified name is cached (default 60 s); 0 disables. */
    public Builder positiveTtl(Duration d) {
      positiveTtl = nonNegative(d, "positiveTtl");
      return this;
    }

    /** How long {@code unknown} and {@code paranoid} are cached (default 10 s); 0 disables. */
    public Builder negativeTtl(Duration d) {
      negativeTtl = nonNegative(d, "negativeTtl");
      return this;
    }

    /** The most addresses cached (default 4096); 0 disables the cache. */
    public Builder maxEntries(int n) {
      maxEntries = atLeast(n, 0, "maxEntries");
      return this;
    }

    /** Lookup threads (default 4). */
    public Builder threads(int n) {
      threads = atLeast(n, 1, "threads");
      return this;
    }

    /** The most distinct lookups in flight (default 256). */
    public Builder maxPending(int n) {
      maxPending = atLeast(n, 1, "maxPending");
      return this;
    }

    /** The backend (default {@link NameServices#system()}, read when the resolver is built). */
    public Builder nameService(NameService s) {
      service = s;
      return this;
    }

    /**
     * A dead name service: after {@code timeouts} callers in a row waited their whole time-out,
     * names are {@code unknown} without a lookup for {@code period} (default 3 and 30 s).
     */
    public Builder backoff(int timeouts, Duration period) {
      backoffAfter = atLeast(timeouts, 1, "timeouts");
      backoffPeriod = nonNegative(period, "period");
      return this;
    }

    /** Where the start and end of a back-off are told (default nowhere). */
    public Builder log(Consumer<String> sink) {
      log = Objects.requireNonNull(sink, "sink");
      return this;
    }

    /** The cache clock, for tests. */
    Builder clock(LongSupplier nanoClock) {
      clock = Objects.requireNonNull(nanoClock, "nanoClock");
      return this;
    }

    /** A new resolver (with its own cache and threads). */
    public SystemHostResolver build() {
      return new SystemHostResolver(this);
    }

    private static Duration nonNegative(Duration d, String what) {
      if (d == null || d.isNegative()) {
        throw new IllegalArgumentException(what + " must be zero or positive: " + d);
      }
      return d;
    }

    private static int atLeast(int n, int min, String what) {
      if (n < min) {
        throw new IllegalArgumentException(what + " must be at least " + min + ": " + n);
      }
      return n;
    }
  }

  private static final class Shared {
    static final SystemHostResolver INSTANCE = builder().build();
  }
}
