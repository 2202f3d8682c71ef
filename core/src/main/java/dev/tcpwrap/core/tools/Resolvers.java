package dev.tcpwrap.core.tools;

import dev.tcpwrap.core.resolve.HostResolver;
import dev.tcpwrap.core.resolve.SystemHostResolver;

/**
 * The resolver the tools use: the system's (files, then DNS, as nsswitch.conf says), time-bounded.
 */
final class Resolvers {

  private Resolvers() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  static HostResolver system() {
    return SystemHostResolver.defaults();
  }
}
