package dev.tcpwrap.core.resolve;

import static dev.tcpwrap.core.resolve.FakeNameService.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NameServicesTest {

  @TempDir Path dir;

  private List<NsSwitch.Source> sources(String... lines) {
    return NsSwitch.hostSources(List.of(lines));
  }

  @Test
  void nsswitchOrder() {
    assertThat(sources("hosts: files dns"))
        .containsExactly(NsSwitch.Source.FILES, NsSwitch.Source.DNS);
    assertThat(sources("hosts:dns files"))
        .containsExactly(NsSwitch.Source.DNS, NsSwitch.Source.FILES);
    assertThat(sources("hosts:          files mdns4_minimal [NOTFOUND=return] dns myhostname"))
        .containsExactly(NsSwitch.Source.FILES, NsSwitch.Source.DNS);
    assertThat(sources("hosts: files myhostname resolve [!UNAVAIL=return] dns"))
        .containsExactly(NsSwitch.Source.FILES, NsSwitch.Source.DNS);
    assertThat(sources("hosts: files")).containsExactly(NsSwitch.Source.FILES);
    assertThat(sources("hosts: dns")).containsExactly(NsSwitch.Source.DNS);
    assertThat(sources("hosts: files [ NOTFOUND=return ] dns"))
        .containsExactly(NsSwitch.Source.FILES, NsSwitch.Source.DNS);
  }

  @Test
  void nsswitchDefaults() {
    assertThat(sources()).isEqualTo(NsSwitch.DEFAULT);
    assertThat(sources("passwd: files", "#hosts: dns")).isEqualTo(NsSwitch.DEFAULT);
    assertThat(sources("hosts: nis")).isEqualTo(NsSwitch.DEFAULT);
    assertThat(sources("hostsx: dns", "hosts: dns files # comment"))
        .containsExactly(NsSwitch.Source.DNS, NsSwitch.Source.FILES);
    assertThat(NsSwitch.hostSources(dir.resolve("missing"))).isEqualTo(NsSwitch.DEFAULT);
  }

  @Test
  void chainFollowsNsswitch() throws IOException {
    Path ns = dir.resolve("nsswitch.conf");
    Path hosts = dir.resolve("hosts");
    Files.writeString(ns, "passwd: files\nhosts: dns files\n");
    Files.writeString(hosts, "192.0.2.1 filehost.example.com\n");
    FakeNameService dns = new FakeNameService().ptr("192.0.2.1", "dnshost.example.com");
    NameService s = NameServices.create(null, ns, hosts, () -> dns);
    assertThat(s).isInstanceOf(ChainedNameService.class);
    assertThat(((ChainedNameService) s).sources())
        .hasSize(2)
        .first()
        .isInstanceOf(LazyNameService.class);
    assertThat(s.reverse(ip("192.0.2.1"))).containsExactly("dnshost.example.com");

    Files.writeString(ns, "hosts: files dns\n");
    s = NameServices.create(null, ns, hosts, () -> dns);
    assertThat(s.reverse(ip("192.0.2.1"))).containsExactly("filehost.example.com");
  }

  @Test
  void dnsIsBuiltOnFirstUseNotWithTheChain() throws IOException {
    Path ns = dir.resolve("nsswitch.conf");
    Files.writeString(ns, "hosts: files dns\n");
    Files.writeString(dir.resolve("hosts"), "192.0.2.1 filehost.example.com\n");
    int[] built = {0};
    NameService s =
        NameServices.create(
            null,
            ns,
            dir.resolve("hosts"),
            () -> {
              built[0]++;
              return new FakeNameService().ptr("192.0.2.9", "dnshost.example.com");
            });
    assertThat(built[0]).as("set up at start").isZero();
    assertThat(s.reverse(ip("192.0.2.1"))).containsExactly("filehost.example.com");
    assertThat(built[0]).as("the hosts file answered").isZero();
    assertThat(s.reverse(ip("192.0.2.9"))).containsExactly("dnshost.example.com");
    assertThat(s.reverse(ip("192.0.2.9"))).containsExactly("dnshost.example.com");
    assertThat(built[0]).as("built once, on first use").isEqualTo(1);
  }

  @Test
  void filesOnlyNeverBuildsDns() throws IOException {
    Path ns = dir.resolve("nsswitch.conf");
    Files.writeString(ns, "hosts: files\n");
    NameService s =
        NameServices.create(
            null,
            ns,
            dir.resolve("hosts"),
            () -> {
              throw new AssertionError("dns must not be built");
            });
    assertThat(s).isInstanceOf(HostsFileNameService.class);
  }

  @Test
  void chainAsksInOrderAndSkipsFailingSources() {
    NameService broken =
        new NameService() {
          @Override
          public List<String> reverse(InetAddress address) {
            throw new IllegalStateException("down");
          }

          @Override
          public Optional<Forward> forward(String name, AddressFamily family) {
            throw new IllegalStateException("down");
          }
        };
    FakeNameService first = new FakeNameService().ptr("192.0.2.1", "one.example.com");
    FakeNameService second =
        new FakeNameService()
            .host("192.0.2.1", "two.example.com")
            .host("192.0.2.2", "two-b.example.com");
    ChainedNameService chain = new ChainedNameService(List.of(broken, first, second));
    assertThat(chain.reverse(ip("192.0.2.1"))).containsExactly("one.example.com");
    assertThat(chain.reverse(ip("192.0.2.2"))).containsExactly("two-b.example.com");
    assertThat(chain.reverse(ip("192.0.2.3"))).isEmpty();
    assertThat(chain.forward("two.example.com", AddressFamily.INET)).isPresent();
    assertThat(chain.forward("one.example.com", AddressFamily.INET)).isEmpty();
    assertThat(first.forwardCalls).hasValue(2);
  }

  @Test
  void systemChainIsBuiltWithoutLookingAnythingUp() {
    assertThat(NameServices.system()).isNotNull();
  }
}
