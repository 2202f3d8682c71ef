package dev.tcpwrap.core.resolve;

import java.net.InetAddress;

/**
 * Turns a client or server address into a verified host name, as libwrap's {@code sock_hostname()}:
 * reverse lookup, then a forward lookup of that name that must lead back to the address.
 *
 * <p>Implementations never throw and bound the time they take; a lookup that fails or times out is
 * {@link HostName#UNKNOWN}.
 */
@FunctionalInterface
public interface HostResolver {

  /**
   * A resolver that knows no names: every address is {@code unknown}. Never touches the network.
   */
  HostResolver NONE = address -> HostName.UNKNOWN;

  /** The verified name of {@code address}. */
  HostName nameOf(InetAddress address);
}
