package dev.tcpwrap.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.core.tools.BatchMatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Engine bugs found by the differential test against the real libwrap ({@code
 * oracle.LibwrapDifferentialTest}), one row each: the tables, a {@code match --batch} request line
 * and libwrap's answer (checked with {@code libwrap_oracle}). Runs without libwrap.
 */
class LibwrapFoundCasesTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        // net/mask takes an IPv4-mapped client by its text: ::ffff: + anything inet_addr() accepts
        row("ALL: 10.0.0.0/8\n", "", -1, "sshd ::ffff:10.0.0.010", "granted hosts.allow:1"),
        row("ALL: 10.0.0.8/32\n", "", -1, "sshd ::FFFF:10.0.0.010", "granted hosts.allow:1"),
        row("ALL: 10.0.0.0/8\n", "", -1, "sshd ::ffff:0x0a.0.0.1", "granted hosts.allow:1"),
        // ... and only by the text: the same address written otherwise is IPv6
        row("ALL: 10.0.0.0/8\n", "", -1, "sshd 0:0:0:0:0:ffff:10.1.1.1", "granted default"),
        row("ALL: [::]/0\n", "", -1, "sshd 0:0:0:0:0:ffff:10.1.1.1", "granted hosts.allow:1"),
        row(
            "ALL: [::ffff:10.0.0.0]/104\n",
            "",
            -1,
            "sshd 0:0:0:0:0:ffff:10.1.1.1",
            "granted hosts.allow:1"),
        row("ALL: [::ffff:10.0.0.0]/104\n", "", -1, "sshd ::ffff:10.0.0.1", "granted default"),
        // ::ffff:255.255.255.255 is not a dotted quad to inet_addr(), so it stays IPv6
        row("ALL: [::]/0\n", "", -1, "sshd ::ffff:255.255.255.255", "granted hosts.allow:1"),
        row(
            "ALL: [::ffff:10.0.0.0]/\n",
            "",
            -1,
            "sshd ::FFFF:255.255.255.255",
            "granted hosts.allow:1"),
        row("ALL: 0.0.0.0/0.0.0.0\n", "", -1, "sshd ::ffff:255.255.255.255", "granted default"),
        // IPv6 scope ids must parse but are not compared
        row("ALL: [fe80::1]\n", "", -1, "sshd fe80::1%1", "granted hosts.allow:1"),
        row("ALL: [fe80::1%1]\n", "", -1, "sshd fe80::1%2", "granted hosts.allow:1"),
        row("ALL: [fe80::%1]/64\n", "", -1, "sshd fe80::1", "granted hosts.allow:1"),
        row("ALL: [::]/0\n", "", -1, "sshd ::1%2", "granted hosts.allow:1"),
        row("ALL: [fe80::1%bogus]\n", "", -1, "sshd fe80::1", "granted default"),
        // interface names only for link-local scopes (glibc __inet6_scopeid_pton)
        row("ALL: [::1]/128\n", "", -1, "sshd ::1%lo", "granted default"),
        row("ALL: [fe80::1%lo]\n", "", -1, "sshd fe80::1%lo", "granted hosts.allow:1"),
        row("ALL: [::1]\n", "", -1, "sshd ::1%01", "granted hosts.allow:1"),
        row("ALL: [::1]\n", "", -1, "sshd ::1%+1", "granted default"),
        row("ALL: [::1]/128\n", "", -1, "sshd ::1%4294967296", "granted default"),
        // rfc931's timeout is read with sscanf("%d%c") == 1: trailing text is an error
        row("ALL: ALL: rfc931 5x\n", "", -1, "sshd 1.2.3.4", "denied hosts.allow:1"),
        row("ALL: ALL: rfc931 5 # comment\n", "", -1, "sshd 1.2.3.4", "denied hosts.allow:1"),
        row("ALL: ALL: rfc931 +5\n", "", -1, "sshd 1.2.3.4", "granted hosts.allow:1"),
        row("ALL: ALL: rfc931 2147483648\n", "", -1, "sshd 1.2.3.4", "denied hosts.allow:1"),
        row("ALL: ALL: rfc931 99999999999\n", "", -1, "sshd 1.2.3.4", "granted hosts.allow:1"));
  }

  private static Arguments row(
      String allow, String deny, int port, String request, String expected) {
    return Arguments.of(allow, deny, port, request, expected);
  }

  @ParameterizedTest(name = "[{index}] {3} -> {4}")
  @MethodSource("cases")
  void decidesAsLibwrap(
      String allow, String deny, int port, String request, String expected, @TempDir Path dir)
      throws IOException {
    Path a = dir.resolve("allow");
    Path d = dir.resolve("deny");
    Files.writeString(a, allow, StandardCharsets.ISO_8859_1);
    Files.writeString(d, deny, StandardCharsets.ISO_8859_1);
    assertThat(new BatchMatch(AccessControl.load(a, d), port).decide(request)).isEqualTo(expected);
  }
}
