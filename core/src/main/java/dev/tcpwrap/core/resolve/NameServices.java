package dev.tcpwrap.core.resolve;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Builds the backend chain the way the system resolves names, so tcpwrap sees the names libwrap
 * would see.
 *
 * <ul>
 *   <li>If the system property {@code jdk.net.hosts.file} is set, the JDK resolves from that file
 *       alone, and so does tcpwrap: only a {@link HostsFileNameService} on it.
 *   <li>Otherwise the {@code hosts:} order of {@code /etc/nsswitch.conf} ({@link NsSwitch}), where
 *       {@code files} is {@code /etc/hosts} and {@code dns} is {@link DnsNameService} on the
 *       resolv.conf servers, or {@link JdkNameService} when JNDI DNS is unavailable.
 * </ul>
 */
public final class NameServices {

  /** The JDK's system property naming a hosts file that replaces all name resolution. */
  public static final String HOSTS_FILE_PROPERTY = "jdk.net.hosts.file";

  /** Default first per-query DNS timeout. */
  public static final Duration DEFAULT_DNS_QUERY_TIMEOUT = Duration.ofMillis(1000);

  /** Default DNS tries per query and server: 1 s + 2 s. */
  public static final int DEFAULT_DNS_TRIES = 2;

  private NameServices() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /** The system chain with the default DNS query timeouts. */
  public static NameService system() {
    return system(DEFAULT_DNS_QUERY_TIMEOUT, DEFAULT_DNS_TRIES);
  }

  /**
   * The system chain; {@code dnsQueryTimeout} and {@code dnsTries} configure {@link
   * DnsNameService}.
   */
  public static NameService system(Duration dnsQueryTimeout, int dnsTries) {
    return create(
        System.getProperty(HOSTS_FILE_PROPERTY),
        NsSwitch.ETC_NSSWITCH,
        HostsFileNameService.ETC_HOSTS,
        () ->
            DnsNameService.system(dnsQueryTimeout, dnsTries)
                .<NameService>map(d -> d)
                .orElseGet(JdkNameService::new));
  }

  /**
   * The chain for explicit inputs (what {@link #system} reads from the environment).
   *
   * @param hostsFileProperty the value of {@code jdk.net.hosts.file}, or null when unset
   * @param nsswitch the nsswitch.conf to read
   * @param hostsFile the hosts file of the {@code files} source
   * @param dns makes the {@code dns} source; called only if the order names it
   */
  public static NameService create(
      String hostsFileProperty, Path nsswitch, Path hostsFile, Supplier<NameService> dns) {
    if (hostsFileProperty != null) {
      return new HostsFileNameService(Path.of(hostsFileProperty));
    }
    List<NameService> chain = new ArrayList<>();
    for (NsSwitch.Source s : NsSwitch.hostSources(nsswitch)) {
      chain.add(
          s == NsSwitch.Source.FILES
              ? new HostsFileNameService(hostsFile)
              : new LazyNameService(dns));
    }
    return chain.size() == 1 ? chain.get(0) : new ChainedNameService(chain);
  }
}
