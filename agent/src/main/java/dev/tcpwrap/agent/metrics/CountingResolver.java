package dev.tcpwrap.agent.metrics;

import dev.tcpwrap.core.resolve.HostName;
import dev.tcpwrap.core.resolve.HostResolver;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the host-name lookups the rules ask for and those that ran into {@code dns-timeout}. A
 * lookup is asked only when a rule needs a name, so this is off the address-only path. The resolver
 * gives {@code unknown} both for "no name" and for a time-out; a lookup that took at least the
 * time-out is counted as one (cached answers and a resolver backing off answer at once).
 */
public final class CountingResolver implements HostResolver {

  private final HostResolver resolver;
  private final long timeoutNanos;
  private final LongAdder lookups = new LongAdder();
  private final LongAdder timeouts = new LongAdder();

  /**
   * @param resolver the resolver that looks names up
   * @param timeout its bound per lookup ({@code dns-timeout})
   */
  public CountingResolver(HostResolver resolver, Duration timeout) {
    this.resolver = resolver;
    this.timeoutNanos = timeout == null ? Long.MAX_VALUE : timeout.toNanos();
  }

  @Override
  public HostName nameOf(InetAddress address) {
    lookups.increment();
    long t0 = System.nanoTime();
    HostName h = resolver.nameOf(address);
    if (!h.isKnown() && System.nanoTime() - t0 >= timeoutNanos) {
      timeouts.increment();
    }
    return h;
  }

  /**
   * @return names asked for (answered from the cache or not)
   */
  public long lookups() {
    return lookups.sum();
  }

  /**
   * @return lookups that ran into the time-out
   */
  public long timeouts() {
    return timeouts.sum();
  }
}
