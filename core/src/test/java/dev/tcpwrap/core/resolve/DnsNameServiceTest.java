package dev.tcpwrap.core.resolve;

import static dev.tcpwrap.core.resolve.FakeNameService.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The JNDI backend against {@link FakeDnsServer} on loopback: real DNS messages, no network. */
@Timeout(30)
class DnsNameServiceTest {

  private final FakeDnsServer server;
  private final DnsNameService dns;

  DnsNameServiceTest() throws SocketException {
    server = new FakeDnsServer();
    dns = new DnsNameService(server.url(), Duration.ofMillis(1000), 1);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void reverseQueryNames() {
    assertThat(DnsNameService.reverseName(ip("192.0.2.10"))).isEqualTo("10.2.0.192.in-addr.arpa.");
    assertThat(DnsNameService.reverseName(ip("2001:db8::567:89ab")))
        .isEqualTo("b.a.9.8.7.6.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.");
  }

  @Test
  void ptrRecords() {
    server
        .ptr("10.2.0.192.in-addr.arpa", "host10.example.com")
        .ptr(
            "b.a.9.8.7.6.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa",
            "v6.example.com");
    assertThat(dns.reverse(ip("192.0.2.10")))
        .singleElement()
        .asString()
        .startsWith("host10.example.com");
    assertThat(dns.reverse(ip("2001:db8::567:89ab")))
        .singleElement()
        .asString()
        .startsWith("v6.example.com");
    assertThat(dns.reverse(ip("192.0.2.11"))).isEmpty();
  }

  @Test
  void classlessDelegationPtrThroughACname() {
    server
        .cname("5.2.0.192.in-addr.arpa", "5.0-25.2.0.192.in-addr.arpa")
        .ptr("5.0-25.2.0.192.in-addr.arpa", "small.example.com");
    assertThat(dns.reverse(ip("192.0.2.5")))
        .singleElement()
        .asString()
        .startsWith("small.example.com");
  }

  @Test
  void forwardWithoutAlias() {
    server
        .a("host10.example.com", "192.0.2.10")
        .a("host10.example.com", "192.0.2.12")
        .aaaa("host10.example.com", "2001:db8::10");
    assertThat(dns.forward("host10.example.com", AddressFamily.INET))
        .contains(
            new NameService.Forward(
                "host10.example.com", List.of(ip("192.0.2.10"), ip("192.0.2.12"))));
    assertThat(dns.forward("host10.example.com", AddressFamily.INET6))
        .contains(new NameService.Forward("host10.example.com", List.of(ip("2001:db8::10"))));
  }

  @Test
  void forwardFollowsTheCnameChainToTheCanonicalName() {
    server
        .cname("alias.example.com", "mid.example.com")
        .cname("mid.example.com", "canon.example.com")
        .a("canon.example.com", "192.0.2.20");
    assertThat(dns.forward("alias.example.com", AddressFamily.INET))
        .contains(new NameService.Forward("canon.example.com", List.of(ip("192.0.2.20"))));
  }

  @Test
  void forwardFailures() {
    server
        .a("v4only.example.com", "192.0.2.30")
        .cname("dangling.example.com", "nowhere.example.com")
        .cname("loop1.example.com", "loop2.example.com")
        .cname("loop2.example.com", "loop1.example.com");
    assertThat(dns.forward("nxdomain.example.com", AddressFamily.INET)).isEmpty();
    assertThat(dns.forward("v4only.example.com", AddressFamily.INET6)).isEmpty();
    assertThat(dns.forward("dangling.example.com", AddressFamily.INET)).isEmpty();
    assertThat(dns.forward("loop1.example.com", AddressFamily.INET)).isEmpty();
    assertThat(dns.forward("bad..name", AddressFamily.INET)).isEmpty();
  }

  @Test
  void libwrapVerificationOverDns() {
    server
        .ptr("10.2.0.192.in-addr.arpa", "host10.example.com")
        .a("host10.example.com", "192.0.2.10")
        .ptr("11.0.0.127.in-addr.arpa", "alias11.example.com")
        .cname("alias11.example.com", "canon11.example.com")
        .a("canon11.example.com", "127.0.0.11")
        .ptr("50.0.0.127.in-addr.arpa", "10.9.8.7");
    NameVerifier v = new NameVerifier(dns);
    assertThat(v.verify(ip("192.0.2.10"))).isEqualTo(HostName.known("host10.example.com"));
    assertThat(v.verify(ip("127.0.0.11")))
        .isEqualTo(
            HostName.paranoid(
                "host name/name mismatch: alias11.example.com != canon11.example.com"));
    assertThat(v.verify(ip("127.0.0.50")))
        .isEqualTo(
            HostName.paranoid(
                "host name/name mismatch: reverse lookup results in non-FQDN 10.9.8.7"));
    assertThat(v.verify(ip("192.0.2.99"))).isEqualTo(HostName.UNKNOWN);
  }

  /**
   * A PTR answer is attacker-controlled: {@code x (10.9.9.9) y} would make the log line {@code
   * refused connect from x (10.9.9.9) y (127.0.0.9)}, which fail2ban reads as 10.9.9.9. Names that
   * are not host names are no names, as glibc's resolver has it; the forward records exist here, so
   * only that rule keeps the name out.
   */
  @Test
  void namesThatAreNotHostNamesAreUnknown() {
    server
        .ptr("9.0.0.127.in-addr.arpa", "x (10.9.9.9) y")
        .a("x (10.9.9.9) y", "127.0.0.9")
        .ptr("8.0.0.127.in-addr.arpa", "ctl\u0007bell.example.com")
        .a("ctl\u0007bell.example.com", "127.0.0.8")
        .ptr("7.0.0.127.in-addr.arpa", "fine.example.com")
        .cname("fine.example.com", "not fine (10.9.9.9)")
        .a("not fine (10.9.9.9)", "127.0.0.7");
    NameVerifier v = new NameVerifier(dns);
    assertThat(v.verify(ip("127.0.0.9"))).isEqualTo(HostName.UNKNOWN);
    assertThat(v.verify(ip("127.0.0.8"))).isEqualTo(HostName.UNKNOWN);
    assertThat(v.verify(ip("127.0.0.7")))
        .isEqualTo(
            HostName.paranoid(
                "can't verify hostname: getaddrinfo(fine.example.com, AF_INET) failed"));
  }

  @Test
  void aSilentServerIsBoundedByTheQueryTimeout() {
    server.silent();
    DnsNameService quick = new DnsNameService(server.url(), Duration.ofMillis(200), 2);
    long start = System.nanoTime();
    assertThat(quick.reverse(ip("192.0.2.10"))).isEmpty();
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(ms).as("two tries: 200 ms + 400 ms").isBetween(500L, 3_000L);
    assertThat(server.queries).hasValue(2);
  }
}
