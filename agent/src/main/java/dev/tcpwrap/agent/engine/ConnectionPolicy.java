package dev.tcpwrap.agent.engine;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The agent's view of the access-control engine: one decision per accepted TCP connection.
 *
 * <p>Implementations may block briefly (name lookups, bounded by {@code dns-timeout}) but must be
 * thread-safe and should not hold monitors while doing so (virtual threads on Java 21 would pin
 * their carrier).
 */
@FunctionalInterface
public interface ConnectionPolicy {

  /**
   * Decides one connection.
   *
   * @param daemon the daemon name the connection is checked as (from {@code daemon} / {@code
   *     daemon.PORT})
   * @param local the server end of the connection
   * @param remote the client end of the connection
   * @param dualStack whether it came through an IPv6 (dual-stack) listener, whose IPv4 clients are
   *     IPv4-mapped and shown as {@code ::ffff:a.b.c.d}, as libwrap shows them
   * @return the decision, never {@code null}
   */
  Decision decide(
      String daemon, InetSocketAddress local, InetSocketAddress remote, boolean dualStack);

  /**
   * Decides one connection from the daemon name and the client address alone, if the rules allow
   * that (no host name, user or server endpoint can matter, and the deciding rule has no options to
   * carry out); else null, and the caller asks {@link #decide}.
   *
   * @param daemon the daemon name
   * @param remote the client's address
   * @param dualStack whether the listener is IPv6 (its IPv4 clients are shown {@code
   *     ::ffff:a.b.c.d})
   * @return the decision, or null
   */
  default Decision decideByAddress(String daemon, InetAddress remote, boolean dualStack) {
    return null;
  }
}
