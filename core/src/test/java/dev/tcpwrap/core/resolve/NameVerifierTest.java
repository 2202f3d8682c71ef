package dev.tcpwrap.core.resolve;

import static dev.tcpwrap.core.resolve.FakeNameService.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class NameVerifierTest {

  private final FakeNameService dns = new FakeNameService();
  private final NameVerifier verifier = new NameVerifier(dns);

  private HostName verify(String address) {
    return verifier.verify(ip(address));
  }

  @Test
  void verifiedName() {
    dns.host("192.0.2.10", "client10.example.com");
    assertThat(verify("192.0.2.10")).isEqualTo(HostName.known("client10.example.com"));
    assertThat(dns.forwardNames).containsExactly("client10.example.com");
  }

  @Test
  void noReverseNameIsUnknownWithoutWarning() {
    assertThat(verify("192.0.2.99")).isEqualTo(HostName.UNKNOWN);
    assertThat(HostName.UNKNOWN.warning()).isNull();
    assertThat(dns.forwardCalls).hasValue(0);
  }

  @Test
  void numericReverseNameIsParanoid() {
    dns.ptr("127.0.0.50", "10.9.8.7").forward("10.9.8.7", "10.9.8.7", "127.0.0.50");
    assertThat(verify("127.0.0.50"))
        .isEqualTo(
            HostName.paranoid(
                "host name/name mismatch: reverse lookup results in non-FQDN 10.9.8.7"));
    assertThat(dns.forwardCalls).hasValue(0);
  }

  @Test
  void shortAndHexNumericFormsAreNumericToo() {
    dns.ptr("192.0.2.1", "10.1").ptr("192.0.2.2", "0x0a.0.0.1").ptr("2001:db8::1", "::1");
    assertThat(verify("192.0.2.1").warning()).endsWith("non-FQDN 10.1");
    assertThat(verify("192.0.2.2").warning()).endsWith("non-FQDN 0x0a.0.0.1");
    assertThat(verify("2001:db8::1").warning()).endsWith("non-FQDN ::1");
  }

  @Test
  void numericNameOfTheOtherFamilyCannotBeVerified() {
    dns.ptr("192.0.2.1", "::1").forward("::1", "::1", "192.0.2.1");
    dns.ptr("2001:db8::1", "192.0.2.1").forward("192.0.2.1", "192.0.2.1", "2001:db8::1");
    assertThat(verify("192.0.2.1"))
        .isEqualTo(HostName.paranoid("can't verify hostname: getaddrinfo(::1, AF_INET) failed"));
    assertThat(verify("2001:db8::1"))
        .isEqualTo(
            HostName.paranoid("can't verify hostname: getaddrinfo(192.0.2.1, AF_INET6) failed"));
    assertThat(dns.forwardCalls).hasValue(0);
  }

  @Test
  void failedForwardLookupIsParanoid() {
    dns.ptr("192.0.2.20", "gone.example.com").ptr("2001:db8::20", "gone6.example.com");
    assertThat(verify("192.0.2.20"))
        .isEqualTo(
            HostName.paranoid(
                "can't verify hostname: getaddrinfo(gone.example.com, AF_INET) failed"));
    assertThat(verify("2001:db8::20"))
        .isEqualTo(
            HostName.paranoid(
                "can't verify hostname: getaddrinfo(gone6.example.com, AF_INET6) failed"));
  }

  @Test
  void forwardLookupIsOfTheClientsFamily() {
    dns.ptr("192.0.2.21", "v6only.example.com")
        .forward("v6only.example.com", "v6only.example.com", "2001:db8::21");
    assertThat(verify("192.0.2.21").warning())
        .isEqualTo("can't verify hostname: getaddrinfo(v6only.example.com, AF_INET) failed");
  }

  @Test
  void aliasPtrIsParanoid() {
    dns.ptr("127.0.0.11", "alias11.example.com")
        .forward("alias11.example.com", "canon11.example.com", "127.0.0.11");
    assertThat(verify("127.0.0.11"))
        .isEqualTo(
            HostName.paranoid(
                "host name/name mismatch: alias11.example.com != canon11.example.com"));
  }

  @Test
  void canonicalNameComparesCaseInsensitively() {
    dns.ptr("192.0.2.30", "Host30.Example.COM")
        .forward("Host30.Example.COM", "host30.example.com", "192.0.2.30");
    assertThat(verify("192.0.2.30")).isEqualTo(HostName.known("Host30.Example.COM"));
  }

  @Test
  void localhostNeedNotBeCanonical() {
    dns.ptr("127.0.0.1", "localhost").forward("localhost", "localhost.localdomain", "127.0.0.1");
    dns.ptr("127.0.0.2", "LocalHost").forward("LocalHost", "localhost.localdomain", "127.0.0.1");
    assertThat(verify("127.0.0.1")).isEqualTo(HostName.known("localhost"));
    assertThat(verify("127.0.0.2"))
        .isEqualTo(
            HostName.paranoid("host name/address mismatch: 127.0.0.2 != localhost.localdomain"));
  }

  @Test
  void addressNotAmongForwardAddressesIsParanoid() {
    dns.ptr("192.0.2.40", "host40.example.com")
        .forward("host40.example.com", "host40.example.com", "192.0.2.41", "192.0.2.42");
    assertThat(verify("192.0.2.40"))
        .isEqualTo(
            HostName.paranoid("host name/address mismatch: 192.0.2.40 != host40.example.com"));
  }

  @Test
  void anyOfSeveralForwardAddressesVerifies() {
    dns.ptr("192.0.2.42", "multi.example.com")
        .forward("multi.example.com", "multi.example.com", "192.0.2.41", "192.0.2.42");
    assertThat(verify("192.0.2.42")).isEqualTo(HostName.known("multi.example.com"));
  }

  @Test
  void ipv6AddressMismatchShowsInetNtopText() {
    dns.ptr("2001:db8:0:0:0:0:0:1", "v6.example.com")
        .forward("v6.example.com", "v6.example.com", "2001:db8::2");
    assertThat(verify("2001:db8::1"))
        .isEqualTo(HostName.paranoid("host name/address mismatch: 2001:db8::1 != v6.example.com"));
  }

  @Test
  void ipv6ScopeMustMatch() throws UnknownHostException {
    byte[] ll = ip("fe80::1").getAddress();
    InetAddress scoped = Inet6Address.getByAddress(null, ll, 7);
    dns.ptr("fe80::1", "ll.example.com").forward("ll.example.com", "ll.example.com", ip("fe80::1"));
    HostName h = verifier.verify(scoped);
    assertThat(h.name()).isEqualTo("paranoid");
    assertThat(h.warning()).startsWith("host name/address mismatch: fe80::1%");
    dns.forward("ll.example.com", "ll.example.com", Inet6Address.getByAddress(null, ll, 7));
    assertThat(verifier.verify(scoped)).isEqualTo(HostName.known("ll.example.com"));
  }

  @Test
  void trailingRootDotOfDnsAnswersIsDropped() {
    dns.ptr("192.0.2.50", "host50.example.com.")
        .forward("host50.example.com", "host50.example.com", "192.0.2.50");
    assertThat(verify("192.0.2.50")).isEqualTo(HostName.known("host50.example.com"));
  }

  @Test
  void onlyTheFirstReverseNameCounts() {
    dns.ptr("192.0.2.51", "first.example.com", "second.example.com")
        .forward("second.example.com", "second.example.com", "192.0.2.51");
    assertThat(verify("192.0.2.51").warning())
        .isEqualTo("can't verify hostname: getaddrinfo(first.example.com, AF_INET) failed");
  }

  @Test
  void longNamesAreCutTo127CharactersAndThenFailVerification() {
    String full = "a".repeat(60) + "." + "b".repeat(60) + "." + "c".repeat(60) + ".example.com";
    String cut = full.substring(0, 127);
    dns.ptr("192.0.2.60", full).forward(full, full, "192.0.2.60");
    assertThat(verify("192.0.2.60"))
        .isEqualTo(
            HostName.paranoid("can't verify hostname: getaddrinfo(" + cut + ", AF_INET) failed"));
    assertThat(dns.forwardNames).containsExactly(cut);
  }

  @Test
  void aNameOfExactly127CharactersIsKept() {
    String name = "x".repeat(115) + ".example.com";
    assertThat(name).hasSize(127);
    dns.host("192.0.2.61", name);
    assertThat(verify("192.0.2.61")).isEqualTo(HostName.known(name));
  }

  @Test
  void truncatedNameThatHappensToResolveIsAcceptedAsLibwrapDoes() {
    String full = "d".repeat(130) + ".example.com";
    String cut = full.substring(0, 127);
    dns.ptr("192.0.2.62", full).forward(cut, cut, "192.0.2.62");
    assertThat(verify("192.0.2.62")).isEqualTo(HostName.known(cut));
  }

  @Test
  void ipv4MappedAddressesAreLookedUpAsIpv4() throws UnknownHostException {
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    mapped[12] = (byte) 192;
    mapped[14] = 2;
    mapped[15] = 70;
    InetAddress a = Inet6Address.getByAddress(null, mapped, -1);
    assertThat(a).isInstanceOf(Inet6Address.class);
    dns.ptr("192.0.2.70", "mapped.example.com")
        .forward("mapped.example.com", "mapped.example.com", "192.0.2.71");
    assertThat(verifier.verify(a))
        .isEqualTo(
            HostName.paranoid("host name/address mismatch: 192.0.2.70 != mapped.example.com"));
    assertThat(dns.reverseAddresses).singleElement().isInstanceOf(Inet4Address.class);
    assertThat(dns.forwardNames).containsExactly("mapped.example.com");
    dns.forward("mapped.example.com", "mapped.example.com", "192.0.2.70");
    assertThat(verifier.verify(a)).isEqualTo(HostName.known("mapped.example.com"));
  }
}
