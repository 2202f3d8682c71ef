package dev.tcpwrap.core.action;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The lazy user lookup of one connection, for {@code Request.forConnection(..., userLookup)}: the
 * ident query is made only if a rule needs the user, at most once (the request caches the answer).
 *
 * <p>The timeout can be changed before the lookup happens: libwrap's {@code rfc931 N} option sets
 * the timeout and then forces the lookup, so {@link OptionPlan} calls {@link #timeout(Duration)}
 * before asking the request for its user. A lookup already made by a {@code user@host} pattern used
 * the default, as in libwrap.
 */
public final class IdentLookup implements Supplier<String> {

  private final IdentClient ident;
  private final InetSocketAddress client;
  private final InetSocketAddress server;
  private volatile Duration timeout;

  /**
   * A lookup for the connection {@code client → server} with {@link IdentClient#DEFAULT_TIMEOUT}.
   */
  public IdentLookup(IdentClient ident, InetSocketAddress client, InetSocketAddress server) {
    this(ident, client, server, IdentClient.DEFAULT_TIMEOUT);
  }

  /** A lookup for the connection {@code client → server} with the given default timeout. */
  public IdentLookup(
      IdentClient ident, InetSocketAddress client, InetSocketAddress server, Duration timeout) {
    this.ident = Objects.requireNonNull(ident, "ident");
    this.client = client;
    this.server = server;
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /** Sets the timeout of a lookup not yet made. */
  public void timeout(Duration t) {
    this.timeout = Objects.requireNonNull(t, "timeout");
  }

  /** The timeout a lookup would use now. */
  public Duration timeout() {
    return timeout;
  }

  /** The user, or null (the request then says {@code unknown}). */
  @Override
  public String get() {
    return ident.user(client, server, timeout);
  }
}
