package dev.tcpwrap.core.resolve;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The last resort when JNDI DNS is unavailable (a runtime image without {@code jdk.naming.dns}, or
 * no name server configured): the JDK's own resolver, which goes through the operating system.
 *
 * <p><strong>Less exact than libwrap.</strong> The JDK verifies a reverse lookup itself and returns
 * the address text on any failure, so this backend reports "no name" both for a missing PTR record
 * and for a name that does not map back ({@code unknown} where libwrap says {@code paranoid}); and
 * since the JDK hides the canonical name, the name asked for is reported as canonical, so a PTR
 * naming a CNAME alias is accepted where libwrap says {@code paranoid}. The JDK also caches answers
 * itself ({@code networkaddress.cache.ttl}).
 */
public final class JdkNameService implements NameService {

  @Override
  public List<String> reverse(InetAddress address) {
    try {
      InetAddress bare = InetAddress.getByAddress(address.getAddress());
      String name = bare.getCanonicalHostName();
      if (name == null
          || name.equals(bare.getHostAddress())
          || NumericHost.isNumericAnyFamily(name)) {
        return List.of();
      }
      return List.of(name);
    } catch (UnknownHostException | RuntimeException e) {
      return List.of();
    }
  }

  @Override
  public Optional<Forward> forward(String name, AddressFamily family) {
    try {
      List<InetAddress> found = new ArrayList<>();
      for (InetAddress a : InetAddress.getAllByName(name)) {
        if (family.contains(a)) {
          found.add(InetAddress.getByAddress(a.getAddress()));
        }
      }
      return found.isEmpty() ? Optional.empty() : Optional.of(new Forward(name, found));
    } catch (UnknownHostException | RuntimeException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "JdkNameService";
  }
}
