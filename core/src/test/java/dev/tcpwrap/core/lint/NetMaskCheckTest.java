package dev.tcpwrap.core.lint;

import static dev.tcpwrap.core.lint.LintFixtures.assertDiagnostics;
import static dev.tcpwrap.core.lint.LintFixtures.report;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NetMaskCheckTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        arguments(
            "sshd: 192.168.1.0/24 10.0.0.0/255.0.255.0 0.0.0.0/0.0.0.0 192.168.1.10/32\n",
            List.of()),
        arguments("sshd: [2001:db8::]/32 [2001:db8::1]/64 [::]/0 [::1]/128\n", List.of()),
        // T5: the IPv4 net is not masked
        arguments(
            "sshd: 192.168.1.5/24\n",
            List.of(
                "W1 192.168.1.5/24: the net has host bits set for this mask ~ (write 192.168.1.0/24)")),
        arguments(
            "sshd: 192.168.1.5/255.255.255.0\n", List.of("W1 (write 192.168.1.0/255.255.255.0)")),
        // T9 / T10
        arguments(
            "sshd: 0.0.0.0/0\n",
            List.of(
                "W1 0.0.0.0/0: /0 is not a valid IPv4 prefix length (1..32): the pattern never matches"
                    + " (write 0.0.0.0/0.0.0.0 to match every IPv4 client, or ALL for every client)")),
        // T7
        arguments(
            "sshd: 192.168.1.10/255.255.255.255\n",
            List.of(
                "W1 192.168.1.10/255.255.255.255: 255.255.255.255 is not a valid mask"
                    + " ~ match the single host by its address: 192.168.1.10")),
        arguments(
            "sshd: 192.168.1.0/33\n",
            List.of("W1 192.168.1.0/33: prefix length is out of range 1..32")),
        // T69: inet_addr reads octal and hex
        arguments(
            "sshd: 10.0.0.010/32\n",
            List.of(
                "W1 10.0.0.010/32: 010 is octal: inet_addr() reads it as 10.0.0.8/32 (write it in decimal:"
                    + " 10.0.0.8/32, or 10.0.0.10/32 if decimal was meant)")),
        arguments(
            "sshd: 0x0a.0.0.1/32\n",
            List.of("W1 0x0a.0.0.1/32: 0x0a is hex: inet_addr() reads it as 10.0.0.1/32")),
        arguments(
            "sshd: 10.0.0.0/0377.0.0.0\n",
            List.of("W1 0377 is octal: inet_addr() reads it as 10.0.0.0/255.0.0.0")),
        arguments(
            "sshd: 10.0.0.08/32\n",
            List.of("W1 10.0.0.08/32: 08 is not a valid octal number: bad net/mask pattern")),
        arguments(
            "sshd: 10.0.0/24\n",
            List.of("W1 10.0.0/24: net \"10.0.0\" does not have four parts ~ write 10.0.0.0/24")),
        arguments("sshd: 192.168.1./24\n", List.of("W1 write 192.168.1.0/24")),
        // T70: atoi ignores trailing junk
        arguments(
            "sshd: 10.0.0.0/8abc\n",
            List.of(
                "W1 10.0.0.0/8abc: prefix length \"8abc\" is read as /8 by atoi()"
                    + " (write 10.0.0.0/8)")),
        arguments(
            "sshd: 10.0.0.0/abc\n",
            List.of("W1 10.0.0.0/abc: mask \"abc\" is neither a dotted quad nor a prefix length")),
        arguments("sshd: 10.0.0.0/255.0.0\n", List.of("W1 mask \"255.0.0\" is not a dotted quad")),
        arguments(
            "sshd: 255.255.255.255/8\n", List.of("W1 net 255.255.255.255 equals INADDR_NONE")),
        arguments(
            "sshd: 192.168.*.0/24\n",
            List.of("W1 192.168.*.0/24: wildcards cannot be combined with net/mask")),
        arguments(
            "sshd: host.example.com/24\n", List.of("W1 host.example.com/24: bad net/mask pattern")),
        // T17: [x]/abc is /0
        arguments(
            "sshd: [2001:db8::]/abc\n",
            List.of(
                "W1 [2001:db8::]/abc: prefix length \"abc\" is read as /0 by atoi(): the pattern matches EVERY"
                    + " IPv6 client")),
        arguments(
            "sshd: [2001:db8::]/\n", List.of("W1 prefix length \"\" is read as /0 by atoi()")),
        arguments(
            "sshd: [2001:db8::]/64abc\n",
            List.of("W1 is read as /64 by atoi() (write [2001:db8::]/64)")),
        arguments(
            "sshd: [2001:db8::]/129\n",
            List.of("W1 [2001:db8::]/129: prefix length is out of range 0..128")),
        arguments(
            "sshd: [2001:zz8::]/32\n",
            List.of("W1 [2001:zz8::]/32: \"2001:zz8::\" is not a numeric IPv6 address")),
        arguments("sshd: [2001:db8::*]/32\n", List.of("W1 IPv6 patterns have no wildcards")),
        arguments(
            "sshd: [::ffff:10.0.0.0]/104\n",
            List.of(
                "W1 [::ffff:10.0.0.0]/104: IPv4-mapped clients (::ffff:a.b.c.d) are compared as IPv4 addresses"
                    + " ~ write the IPv4 form: 10.0.0.0/8")),
        // daemon@host server patterns are checked too
        arguments(
            "sshd@192.168.1.1/24: ALL\n", List.of("W1 192.168.1.1/24: the net has host bits set")),
        // the line libwrap reports for a continued rule is its last physical line
        arguments(
            "sshd: 10.0.0.1, \\\n  192.168.1.5/24\n",
            List.of("W2 192.168.1.5/24: the net has host bits")));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void reports(String text, List<String> expected) {
    assertDiagnostics(report(text).diagnostics(), expected);
  }
}
