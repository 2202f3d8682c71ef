package dev.tcpwrap.core.resolve;

import static dev.tcpwrap.core.resolve.FakeNameService.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostsFileNameServiceTest {

  private static final String HOSTS =
      String.join(
          "\n",
          "# The following lines are desirable for IPv4 capable hosts",
          "127.0.0.1       localhost",
          "192.0.2.10      host10.example.com host10   # trailing comment names-not-here",
          "192.0.2.11      canon.example.com alias.example.com",
          "192.0.2.12      canon.example.com",
          "2001:db8::10    host10.example.com v6only.example.com",
          "192.0.2.13      other.example.com ALIAS.example.com",
          "192.0.2.10      second.example.com",
          "bogus           nothing.example.com",
          "192.0.2.300     bad.example.com",
          "192.0.2.14",
          "\t192.0.2.20\ttabbed.example.com",
          "#192.0.2.21     commented.example.com",
          "::1             localhost ip6-localhost ip6-loopback",
          "");

  @TempDir Path dir;
  private Path file;
  private HostsFileNameService hosts;

  @BeforeEach
  void write() throws IOException {
    file = dir.resolve("hosts");
    Files.writeString(file, HOSTS);
    hosts = new HostsFileNameService(file);
  }

  @Test
  void reverseIsTheCanonicalNameOfTheFirstLineWithTheAddress() {
    assertThat(hosts.reverse(ip("192.0.2.10"))).containsExactly("host10.example.com");
    assertThat(hosts.reverse(ip("192.0.2.12"))).containsExactly("canon.example.com");
    assertThat(hosts.reverse(ip("2001:db8::10"))).containsExactly("host10.example.com");
    assertThat(hosts.reverse(ip("::1"))).containsExactly("localhost");
    assertThat(hosts.reverse(ip("192.0.2.20"))).containsExactly("tabbed.example.com");
    assertThat(hosts.reverse(ip("192.0.2.99"))).isEmpty();
    assertThat(hosts.reverse(ip("192.0.2.21"))).isEmpty();
    assertThat(hosts.reverse(ip("192.0.2.14"))).isEmpty();
  }

  @Test
  void forwardByCanonicalNameOrAliasCaseInsensitively() {
    assertThat(hosts.forward("host10", AddressFamily.INET))
        .contains(new NameService.Forward("host10.example.com", List.of(ip("192.0.2.10"))));
    assertThat(
            hosts
                .forward("HOST10.EXAMPLE.COM", AddressFamily.INET)
                .map(NameService.Forward::canonicalName))
        .contains("host10.example.com");
  }

  @Test
  void forwardCollectsEveryLineAndTakesTheCanonicalNameOfTheFirst() {
    assertThat(hosts.forward("canon.example.com", AddressFamily.INET))
        .contains(
            new NameService.Forward(
                "canon.example.com", List.of(ip("192.0.2.11"), ip("192.0.2.12"))));
    assertThat(hosts.forward("alias.example.com", AddressFamily.INET))
        .contains(
            new NameService.Forward(
                "canon.example.com", List.of(ip("192.0.2.11"), ip("192.0.2.13"))));
  }

  @Test
  void forwardIsPerFamily() {
    assertThat(hosts.forward("v6only.example.com", AddressFamily.INET)).isEmpty();
    assertThat(hosts.forward("v6only.example.com", AddressFamily.INET6))
        .contains(new NameService.Forward("host10.example.com", List.of(ip("2001:db8::10"))));
    assertThat(hosts.forward("host10.example.com", AddressFamily.INET6).orElseThrow().addresses())
        .containsExactly(ip("2001:db8::10"));
    assertThat(hosts.forward("localhost", AddressFamily.INET6).orElseThrow().addresses())
        .containsExactly(ip("::1"));
  }

  @Test
  void commentsAndBadLinesAreNotNames() {
    assertThat(hosts.forward("names-not-here", AddressFamily.INET)).isEmpty();
    assertThat(hosts.forward("nothing.example.com", AddressFamily.INET)).isEmpty();
    assertThat(hosts.forward("bad.example.com", AddressFamily.INET)).isEmpty();
    assertThat(hosts.forward("commented.example.com", AddressFamily.INET)).isEmpty();
    assertThat(hosts.forward("tabbed.example.com", AddressFamily.INET)).isPresent();
  }

  @Test
  void verificationAgainstAHostsFile() {
    NameVerifier v = new NameVerifier(hosts);
    assertThat(v.verify(ip("192.0.2.11"))).isEqualTo(HostName.known("canon.example.com"));
    assertThat(v.verify(ip("192.0.2.13"))).isEqualTo(HostName.known("other.example.com"));
    assertThat(v.verify(ip("2001:db8::10"))).isEqualTo(HostName.known("host10.example.com"));
    assertThat(v.verify(ip("192.0.2.99"))).isEqualTo(HostName.UNKNOWN);
  }

  @Test
  void anEditedFileIsReRead() throws IOException {
    assertThat(hosts.reverse(ip("192.0.2.99"))).isEmpty();
    Files.writeString(file, HOSTS + "192.0.2.99 new.example.com\n");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
    assertThat(hosts.reverse(ip("192.0.2.99"))).containsExactly("new.example.com");
  }

  @Test
  void aMissingFileAnswersNothing() throws IOException {
    Files.delete(file);
    assertThat(hosts.reverse(ip("192.0.2.10"))).isEmpty();
    assertThat(hosts.forward("host10", AddressFamily.INET)).isEqualTo(Optional.empty());
  }

  @Test
  void theJdkHostsFilePropertyReplacesEverySource() {
    FakeNameService dns = new FakeNameService();
    NameService s =
        NameServices.create(
            file.toString(),
            dir.resolve("no-nsswitch"),
            Path.of("/nonexistent"),
            () -> {
              throw new AssertionError("dns must not be consulted");
            });
    assertThat(s).isInstanceOf(HostsFileNameService.class);
    assertThat(((HostsFileNameService) s).file()).isEqualTo(file);
    assertThat(s.reverse(ip("192.0.2.10"))).containsExactly("host10.example.com");
    assertThat(dns.reverseCalls).hasValue(0);
  }
}
