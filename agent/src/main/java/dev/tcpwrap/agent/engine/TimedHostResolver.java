package dev.tcpwrap.agent.engine;

import dev.tcpwrap.core.resolve.HostName;
import dev.tcpwrap.core.resolve.HostResolver;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Verified host-name lookups through the JDK resolver, bounded by {@code dns-timeout}.
 *
 * <p>{@link InetAddress#getHostName()} looks the address up, then checks that the name maps back to it, and
 * returns the address text if either step fails; both cases are {@link HostName#UNKNOWN} here (the JDK does
 * not tell them apart, so tcpwrap cannot report {@code paranoid} through this resolver). A lookup that takes
 * longer than the timeout is abandoned (it finishes on a daemon thread) and is unknown.
 */
public final class TimedHostResolver implements HostResolver {

  private final long timeoutNanos;
  private final ExecutorService lookups = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "tcpwrap-dns");
    t.setDaemon(true);
    return t;
  });

  /** @param timeout the bound of one lookup */
  public TimedHostResolver(Duration timeout) {
    this.timeoutNanos = timeout.toNanos();
  }

  @Override
  public HostName nameOf(InetAddress address) {
    try {
      InetAddress bare = InetAddress.getByAddress(address.getAddress());
      Future<String> f = lookups.submit(bare::getHostName);
      String name = f.get(timeoutNanos, TimeUnit.NANOSECONDS);
      return name == null || name.equals(bare.getHostAddress()) ? HostName.UNKNOWN : HostName.known(name);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return HostName.UNKNOWN;
    } catch (Exception e) {
      return HostName.UNKNOWN;
    }
  }
}
