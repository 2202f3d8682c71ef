package dev.tcpwrap.core.resolve;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The raw name-service answers libwrap's verification needs: the PTR name of an address and, for a
 * name, its canonical name and addresses.
 *
 * <p>Why not just {@link InetAddress#getHostName()}? The JDK verifies internally and returns the
 * address text on any failure, so {@code unknown} and {@code paranoid} cannot be told apart, and
 * since it never exposes the canonical (CNAME target) name, a PTR record pointing at an alias would
 * pass where libwrap says {@code paranoid}. Backends of this interface report what the name service
 * said, and {@link NameVerifier} applies libwrap's rules to it.
 *
 * <p>Implementations must be thread-safe. They should not throw; a lookup that fails for any reason
 * (no record, server failure, bad name, timeout) is simply "none". Callers still guard against
 * runtime exceptions.
 */
public interface NameService {

  /**
   * The names the address maps back to (PTR records, or the matching hosts-file line), best first;
   * empty when there are none or the lookup failed. Only the first is used, as {@code
   * getnameinfo()} returns one.
   */
  List<String> reverse(InetAddress address);

  /**
   * {@code getaddrinfo(name, family, AI_CANONNAME)}: the canonical name and the addresses of {@code
   * family}; empty when the name does not resolve to any address of that family.
   */
  Optional<Forward> forward(String name, AddressFamily family);

  /**
   * A successful forward lookup.
   *
   * @param canonicalName the canonical name ({@code ai_canonname} of the first result): the end of
   *     the CNAME chain in DNS, the first name of the matching line in a hosts file
   * @param addresses the addresses found, of the requested family, in answer order; never empty
   */
  record Forward(String canonicalName, List<InetAddress> addresses) {
    /** Validates and copies. */
    public Forward {
      Objects.requireNonNull(canonicalName, "canonicalName");
      addresses = List.copyOf(addresses);
      if (addresses.isEmpty()) {
        throw new IllegalArgumentException("a forward result has at least one address");
      }
    }
  }
}
