package dev.tcpwrap.agent.engine;

import java.net.InetSocketAddress;

/**
 * The agent's view of the access-control engine: one decision per accepted TCP connection.
 *
 * <p>Implementations may block briefly (name lookups, bounded by {@code dns-timeout}) but must be thread-safe
 * and should not hold monitors while doing so (virtual threads on Java 21 would pin their carrier).
 */
@FunctionalInterface
public interface ConnectionPolicy {

  /**
   * Decides one connection.
   *
   * @param daemon the daemon name the connection is checked as (from {@code daemon} / {@code daemon.PORT})
   * @param local  the server end of the connection
   * @param remote the client end of the connection
   * @return the decision, never {@code null}
   */
  Decision decide(String daemon, InetSocketAddress local, InetSocketAddress remote);

  /**
   * The same, knowing whether the connection came through an IPv6 (dual-stack) listener, whose IPv4 clients
   * are IPv4-mapped and shown as {@code ::ffff:a.b.c.d}, as libwrap shows them.
   */
  default Decision decide(String daemon, InetSocketAddress local, InetSocketAddress remote, boolean dualStack) {
    return decide(daemon, local, remote);
  }
}
