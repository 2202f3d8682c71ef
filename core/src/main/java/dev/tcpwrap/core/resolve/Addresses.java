package dev.tcpwrap.core.resolve;

import dev.tcpwrap.core.net.Inet4;
import dev.tcpwrap.core.net.Inet6;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Small address helpers shared by the verifier, the cache and the backends: libwrap's view of an
 * address (IPv4-mapped addresses are IPv4, the text is what {@code getnameinfo(NI_NUMERICHOST)}
 * prints) rather than the JDK's.
 */
final class Addresses {

  private Addresses() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /**
   * libwrap's {@code sock_hostname()} looks an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) up
   * as the IPv4 address. The JDK usually converts such addresses itself, but an {@link
   * Inet6Address} built from raw bytes can still hold one.
   */
  static InetAddress unmap(InetAddress address) {
    if (address instanceof Inet6Address) {
      byte[] b = address.getAddress();
      if (Inet6.isV4Mapped(b)) {
        try {
          return InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16));
        } catch (UnknownHostException e) {
          throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
      }
    }
    return address;
  }

  /**
   * The numeric text glibc prints for the address: dotted quad, or {@code inet_ntop} IPv6 followed
   * by {@code %scope} when the address carries a scope id (the interface name when the JDK knows
   * it).
   */
  static String text(InetAddress address) {
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      long v =
          ((b[0] & 0xffL) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
      return Inet4.format(v);
    }
    Inet6Address a6 = (Inet6Address) address;
    String text = Inet6.format(b);
    if (a6.getScopeId() != 0) {
      text +=
          "%"
              + (a6.getScopedInterface() != null
                  ? a6.getScopedInterface().getName()
                  : a6.getScopeId());
    }
    return text;
  }

  /**
   * Whether two addresses are the same for libwrap's final verification step: same family, same
   * bytes and, for IPv6, the same scope id ({@link Inet6Address#equals} ignores the scope, libwrap
   * does not).
   */
  static boolean sameAddress(InetAddress a, InetAddress b) {
    if (AddressFamily.of(a) != AddressFamily.of(b)
        || !Arrays.equals(a.getAddress(), b.getAddress())) {
      return false;
    }
    return !(a instanceof Inet6Address)
        || ((Inet6Address) a).getScopeId() == ((Inet6Address) b).getScopeId();
  }

  /** C's {@code strcasecmp(a, b) == 0} in the C locale: only ASCII letters fold. */
  static boolean asciiEqualsIgnoreCase(String a, String b) {
    if (a.length() != b.length()) {
      return false;
    }
    for (int i = 0; i < a.length(); i++) {
      if (lower(a.charAt(i)) != lower(b.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static char lower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }
}
