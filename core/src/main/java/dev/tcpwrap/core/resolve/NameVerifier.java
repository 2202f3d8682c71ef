package dev.tcpwrap.core.resolve;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * libwrap's {@code sock_hostname()} (Debian 7.6.q {@code socket.c}): a reverse lookup whose name is
 * trusted only when a forward lookup of it leads back, under its own canonical name, to the very
 * same address.
 *
 * <ol>
 *   <li>no reverse name: {@code unknown}, silently;
 *   <li>the reverse name is a numeric address: {@code paranoid} ({@code host name/name mismatch:
 *       reverse lookup results in non-FQDN x});
 *   <li>the forward lookup fails: {@code paranoid} ({@code can't verify hostname: getaddrinfo(x,
 *       AF_INET) failed});
 *   <li>the canonical name differs (ASCII case-insensitively) and the name is not {@code
 *       localhost}: {@code paranoid} ({@code host name/name mismatch: x != canon}) &mdash; so a PTR
 *       naming an alias fails;
 *   <li>the address is not among the forward addresses (same family and, for IPv6, scope id):
 *       {@code paranoid} ({@code host name/address mismatch: addr != canon});
 *   <li>otherwise the (possibly truncated) reverse name.
 * </ol>
 *
 * The name is cut to 127 characters before verification, as libwrap's 128-byte field does, so an
 * over-long PTR name normally ends up {@code paranoid}. A name that parses as a numeric address of
 * the <em>other</em> family is not looked up: {@code getaddrinfo} cannot resolve it within the
 * client's family, so it fails step 3. Thus a verified name is never a numeric address.
 *
 * <p>Names come from the network: a reverse name that is not {@linkplain HostName#wellFormed well
 * formed} is no name at all ({@code unknown}), as glibc's resolver drops such answers, and a
 * canonical name that is not fails the forward lookup. No name with a space, parenthesis or control
 * character can reach a log line, where {@code refused connect from x (10.9.9.9) y (ADDR)} would
 * get an innocent address banned by fail2ban.
 *
 * <p>This class does no caching and no timing; {@link SystemHostResolver} adds both.
 */
public final class NameVerifier {

  /** libwrap's {@code STRING_LENGTH}: host names live in 128-byte C strings. */
  static final int STRING_LENGTH = 128;

  private final NameService service;

  /** A verifier asking {@code service}. */
  public NameVerifier(NameService service) {
    this.service = Objects.requireNonNull(service, "service");
  }

  /** The verified name of {@code address}; never throws on a well-behaved backend. */
  public HostName verify(InetAddress address) {
    InetAddress a = Addresses.unmap(address);
    AddressFamily family = AddressFamily.of(a);
    List<String> names = service.reverse(a);
    String name = names == null || names.isEmpty() ? null : clean(names.get(0));
    if (name == null || name.isEmpty() || !HostName.wellFormed(name)) {
      return HostName.UNKNOWN; // glibc drops such PTR answers (res_hnok): a failed lookup
    }
    name = cut(name, STRING_LENGTH - 1);
    if (NumericHost.isNumeric(name, family)) {
      return HostName.paranoid(
          "host name/name mismatch: reverse lookup results in non-FQDN " + name);
    }
    Optional<NameService.Forward> forward =
        NumericHost.isNumericAnyFamily(name) ? Optional.empty() : service.forward(name, family);
    if (forward == null || forward.isEmpty()) {
      return HostName.paranoid(
          "can't verify hostname: getaddrinfo(" + name + ", " + family.label() + ") failed");
    }
    String canon = forward.get().canonicalName();
    if (canon == null || !HostName.wellFormed(clean(canon))) {
      return HostName.paranoid(
          "can't verify hostname: getaddrinfo(" + name + ", " + family.label() + ") failed");
    }
    if (!Addresses.asciiEqualsIgnoreCase(name, canon)
        && !Addresses.asciiEqualsIgnoreCase(name, "localhost")) {
      return HostName.paranoid(
          "host name/name mismatch: " + name + " != " + cut(canon, STRING_LENGTH));
    }
    for (InetAddress f : forward.get().addresses()) {
      if (Addresses.sameAddress(a, f)) {
        return HostName.known(name);
      }
    }
    return HostName.paranoid(
        "host name/address mismatch: " + Addresses.text(a) + " != " + cut(canon, STRING_LENGTH));
  }

  /** DNS answers end in the root dot; {@code getnameinfo()} returns names without it. */
  private static String clean(String name) {
    if (name == null) {
      return null;
    }
    return name.endsWith(".") && name.length() > 1 ? name.substring(0, name.length() - 1) : name;
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
