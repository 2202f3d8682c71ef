package dev.tcpwrap.core.resolve;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A name service made on first use. Setting up JNDI DNS costs tens of milliseconds, which the agent
 * would otherwise spend at JVM start although most rule sets never look a name up; lookups run on
 * the resolver's own threads, so the first one pays instead of every start.
 */
final class LazyNameService implements NameService {

  private final Supplier<NameService> factory;
  private volatile NameService delegate;

  LazyNameService(Supplier<NameService> factory) {
    this.factory = factory;
  }

  private NameService delegate() {
    NameService d = delegate;
    if (d == null) {
      synchronized (this) {
        d = delegate;
        if (d == null) {
          d = factory.get();
          delegate = d;
        }
      }
    }
    return d;
  }

  @Override
  public List<String> reverse(InetAddress address) {
    return delegate().reverse(address);
  }

  @Override
  public Optional<Forward> forward(String name, AddressFamily family) {
    return delegate().forward(name, family);
  }
}
