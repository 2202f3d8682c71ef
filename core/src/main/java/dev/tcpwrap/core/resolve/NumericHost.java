package dev.tcpwrap.core.resolve;

import dev.tcpwrap.core.net.Inet6;

/**
 * Whether a reverse-lookup name is really a numeric address, as libwrap asks glibc with {@code
 * getaddrinfo(name, family, AI_NUMERICHOST)}.
 *
 * <p>A PTR record may hold any text, including {@code 10.9.8.7}. If such a "name" were accepted,
 * the rules would compare an attacker-chosen address against host patterns, so libwrap rejects it
 * as {@code paranoid}; tcpwrap's rule index additionally relies on a verified name never being a
 * numeric address.
 */
final class NumericHost {

  private NumericHost() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /**
   * Whether {@code name} parses as a numeric address of {@code family} (glibc's AI_NUMERICHOST
   * rules).
   */
  static boolean isNumeric(String name, AddressFamily family) {
    return family == AddressFamily.INET ? isInet4(name) : Inet6.numericHost(name) != null;
  }

  /** Whether {@code name} parses as a numeric address of either family. */
  static boolean isNumericAnyFamily(String name) {
    return isInet4(name) || Inet6.numericHost(name) != null;
  }

  /**
   * glibc {@code inet_aton_exact()}: one to four parts separated by dots, each decimal, octal
   * (leading 0) or hex (leading 0x), the last part filling the remaining bytes, nothing else.
   */
  static boolean isInet4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length > 4) {
      return false;
    }
    for (int i = 0; i < parts.length; i++) {
      long v = part(parts[i]);
      long max = i < parts.length - 1 ? 0xffL : 0xffffffffL >>> (8 * (parts.length - 1));
      if (v < 0 || v > max) {
        return false;
      }
    }
    return true;
  }

  private static long part(String p) {
    int radix = 10;
    int from = 0;
    if (p.length() > 1 && p.charAt(0) == '0' && (p.charAt(1) == 'x' || p.charAt(1) == 'X')) {
      radix = 16;
      from = 2;
    } else if (p.length() > 1 && p.charAt(0) == '0') {
      radix = 8;
      from = 1;
    }
    if (from >= p.length() && radix != 16) {
      return -1;
    }
    long v = 0;
    for (int i = from; i < p.length(); i++) {
      int d = Character.digit(p.charAt(i), radix);
      if (d < 0 || p.charAt(i) > 'f') {
        return -1;
      }
      v = v * radix + d;
      if (v > 0xffffffffL) {
        return -1;
      }
    }
    return v;
  }
}
