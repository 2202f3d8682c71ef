package dev.tcpwrap.core.resolve;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * The address family of a lookup. libwrap verifies a reverse name with a forward lookup restricted
 * to the family of the client address ({@code getaddrinfo(name, AF_INET)} or {@code AF_INET6}), so
 * every backend lookup carries one.
 */
public enum AddressFamily {
  /** IPv4, C's {@code AF_INET}. */
  INET("AF_INET"),
  /** IPv6, C's {@code AF_INET6}. */
  INET6("AF_INET6");

  private final String label;

  AddressFamily(String label) {
    this.label = label;
  }

  /** The C constant's name, as libwrap prints it in {@code can't verify hostname} warnings. */
  public String label() {
    return label;
  }

  /** The family of {@code address}. */
  public static AddressFamily of(InetAddress address) {
    return address instanceof Inet4Address ? INET : INET6;
  }

  /** Whether {@code address} belongs to this family. */
  public boolean contains(InetAddress address) {
    return of(address) == this;
  }
}
