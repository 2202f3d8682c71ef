package dev.tcpwrap.core.resolve;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.naming.CompositeName;
import javax.naming.Context;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

/**
 * The {@code dns} source, through the JDK's JNDI DNS provider ({@code jdk.naming.dns}), which
 * exposes what the public {@link InetAddress} API hides: the raw PTR name and the CNAME chain.
 *
 * <ul>
 *   <li>reverse: the PTR records of {@code d.c.b.a.in-addr.arpa} or the nibble name under {@code
 *       ip6.arpa};
 *   <li>forward: CNAME records are followed (at most {@value #MAX_CNAME_HOPS} hops) to the
 *       canonical name, whose A or AAAA records are the addresses.
 * </ul>
 *
 * With the provider URL {@code dns:} the name servers are those of {@code /etc/resolv.conf}. Every
 * query is bounded by JNDI's own timeouts, so abandoned lookups end by themselves: {@code
 * com.sun.jndi.dns.timeout.initial} for the first try, doubled for each further try, {@code
 * com.sun.jndi.dns.timeout.retries} tries per server (despite its name the property counts all
 * tries, not the repeats: 1 means a single query).
 *
 * <p>Less exact than glibc: the {@code search}/{@code domain} list of resolv.conf is not applied
 * (reverse names are fully qualified in practice; a single-label name fails to verify either way),
 * nor are {@code options} such as {@code rotate} or {@code ndots}.
 */
public final class DnsNameService implements NameService {

  /** The provider URL meaning "the servers of /etc/resolv.conf". */
  public static final String SYSTEM_SERVERS = "dns:";

  /** glibc's limit on CNAME chains is similar; loops end here. */
  static final int MAX_CNAME_HOPS = 16;

  private static final String FACTORY = "com.sun.jndi.dns.DnsContextFactory";

  private final Hashtable<String, String> env = new Hashtable<>();

  /**
   * A DNS backend.
   *
   * @param providerUrl {@link #SYSTEM_SERVERS}, or e.g. {@code dns://192.0.2.53:53} for explicit
   *     servers (several URLs separated by spaces)
   * @param initialTimeout the first per-query timeout (JNDI default 1 s)
   * @param tries how many times a query is sent to each server, the timeout doubling each time
   *     (JNDI's {@code retries} property, default 4: 1 + 2 + 4 + 8 s); at least 1
   */
  public DnsNameService(String providerUrl, Duration initialTimeout, int tries) {
    env.put(Context.INITIAL_CONTEXT_FACTORY, FACTORY);
    env.put(Context.PROVIDER_URL, providerUrl);
    env.put(
        "com.sun.jndi.dns.timeout.initial", Long.toString(Math.max(1, initialTimeout.toMillis())));
    env.put("com.sun.jndi.dns.timeout.retries", Integer.toString(Math.max(1, tries)));
  }

  /**
   * A backend for the system's name servers, if JNDI DNS works here (the module is present and at
   * least one server is configured); empty otherwise.
   */
  public static Optional<DnsNameService> system(Duration initialTimeout, int tries) {
    DnsNameService dns = new DnsNameService(SYSTEM_SERVERS, initialTimeout, tries);
    try {
      dns.open().close();
      return Optional.of(dns);
    } catch (NamingException | RuntimeException | LinkageError e) {
      return Optional.empty();
    }
  }

  @Override
  public List<String> reverse(InetAddress address) {
    return query(reverseName(address), "PTR");
  }

  @Override
  public Optional<Forward> forward(String name, AddressFamily family) {
    try {
      String canonical = name;
      for (int hop = 0; hop < MAX_CNAME_HOPS; hop++) {
        List<String> target = queryOrThrow(canonical, "CNAME");
        if (target.isEmpty()) {
          break;
        }
        canonical = stripDot(target.get(0));
      }
      List<InetAddress> addresses = new ArrayList<>();
      for (String text : queryOrThrow(canonical, family == AddressFamily.INET ? "A" : "AAAA")) {
        InetAddress a = InetAddress.getByName(text.trim());
        if (family.contains(a)) {
          addresses.add(InetAddress.getByAddress(a.getAddress()));
        }
      }
      return addresses.isEmpty()
          ? Optional.empty()
          : Optional.of(new Forward(canonical, addresses));
    } catch (NamingException | java.net.UnknownHostException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * The PTR query name of an address: {@code 4.3.2.1.in-addr.arpa.} or the 32 nibbles + {@code
   * ip6.arpa.}.
   */
  static String reverseName(InetAddress address) {
    byte[] b = address.getAddress();
    StringBuilder sb = new StringBuilder(80);
    for (int i = b.length - 1; i >= 0; i--) {
      if (address instanceof Inet4Address) {
        sb.append(b[i] & 0xff).append('.');
      } else {
        sb.append(Character.forDigit(b[i] & 0xf, 16))
            .append('.')
            .append(Character.forDigit((b[i] >> 4) & 0xf, 16))
            .append('.');
      }
    }
    return sb.append(address instanceof Inet4Address ? "in-addr.arpa." : "ip6.arpa.").toString();
  }

  private List<String> query(String name, String type) {
    try {
      return queryOrThrow(name, type);
    } catch (NamingException | RuntimeException e) {
      return List.of();
    }
  }

  /**
   * The values of the {@code type} records of {@code name}; empty when it has none. The name is one
   * component of a composite name, so a {@code /} in it (RFC 2317 names) is not taken as a JNDI
   * separator.
   */
  private List<String> queryOrThrow(String name, String type) throws NamingException {
    DirContext ctx = open();
    try {
      Attributes attrs = ctx.getAttributes(new CompositeName().add(name), new String[] {type});
      Attribute attr = attrs.get(type);
      List<String> out = new ArrayList<>();
      if (attr != null) {
        NamingEnumeration<?> values = attr.getAll();
        while (values.hasMore()) {
          out.add(String.valueOf(values.next()));
        }
      }
      return out;
    } finally {
      ctx.close();
    }
  }

  /**
   * JNDI finds the provider through the thread's context class loader; an application's loader (or
   * one that does not delegate to the system loader) might not see {@code jdk.naming.dns}, so the
   * system loader is used.
   */
  private DirContext open() throws NamingException {
    Thread t = Thread.currentThread();
    ClassLoader saved = t.getContextClassLoader();
    t.setContextClassLoader(ClassLoader.getSystemClassLoader());
    try {
      return new InitialDirContext(new Hashtable<>(env));
    } finally {
      t.setContextClassLoader(saved);
    }
  }

  private static String stripDot(String name) {
    String n = name.trim();
    return n.endsWith(".") && n.length() > 1 ? n.substring(0, n.length() - 1) : n;
  }

  @Override
  public String toString() {
    return "DnsNameService[" + env.get(Context.PROVIDER_URL).toLowerCase(Locale.ROOT) + "]";
  }
}
