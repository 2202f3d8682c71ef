package dev.tcpwrap.core.lint;

import static dev.tcpwrap.core.lint.LintFixtures.assertDiagnostics;
import static dev.tcpwrap.core.lint.LintFixtures.report;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bracketed and unbracketed IPv6 tokens (T12-T14, T17, T20, T46, the seed's broken form). */
class Ipv6CheckTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        // the seed: the good form is clean, the "broken implementations" form never matches
        arguments("sshd:           1.2.3. [2001:0db8:100:200::]/64\n", List.of()),
        arguments(
            "daytime-stream: 1.2.3. [2001:0db8:100:200::/64]\n",
            List.of(
                "W1 [2001:0db8:100:200::/64]: broken IPv6 network notation: the prefix length must follow the"
                    + " ']'; this pattern never matches (write [2001:0db8:100:200::]/64)")),
        arguments("sshd: [2001:db8::/32]\n", List.of("W1 (write [2001:db8::]/32)")),
        arguments("sshd: [2001:DB8:0::10] [fe80::1%1]\n", List.of()),
        arguments(
            "sshd: [not-an-address]\n",
            List.of("W1 [not-an-address]: \"not-an-address\" is not a numeric IPv6 address")),
        // T46
        arguments(
            "sshd: [2001:db8::*]\n",
            List.of(
                "W1 [2001:db8::*]: IPv6 addresses cannot be matched with wildcards ~ [2001:db8::]/32")),
        arguments("sshd: [2001:db8:1::?]\n", List.of("W1 e.g. [2001:db8:1::]/48")),
        // T20
        arguments(
            "sshd: [::ffff:192.168.1.10]\n",
            List.of(
                "W1 [::ffff:192.168.1.10]: IPv4-mapped clients (::ffff:a.b.c.d) are compared as IPv4 addresses,"
                    + " so this pattern never matches them (write the IPv4 form: 192.168.1.10)")),
        arguments(
            "sshd: [2001:db8::1 : deny\n", List.of("W1 [2001:db8::1: '[' without a closing ']'")),
        // T13
        arguments(
            "sshd: 2001:db8::10\n",
            List.of(
                "E1 2001:db8::10: unbracketed IPv6 address: libwrap cuts the line at its first ':' (the client"
                    + " list ends with \"2001\" and the rest of the address starts the option list; write"
                    + " [2001:db8::10])",
                "E1 bad option name: \"db8\"")),
        // T14
        arguments(
            "sshd: 10.0.0.1, 2001:db8::1\n",
            List.of("E1 2001:db8::1: unbracketed IPv6 address", "E1 bad option name: \"db8\"")),
        arguments(
            "ALL: fd42:1:2::/48, 10.0.0.1\n",
            List.of(
                "E1 fd42:1:2::/48: unbracketed IPv6 address ~ write [fd42:1:2::]/48",
                "E1 bad option name: \"1\"")),
        arguments(
            "sshd: 2001:db8::1: spawn echo hi\n",
            List.of("E1 2001:db8::1: unbracketed", "E1 bad option name: \"db8\"")),
        arguments(
            "sshd: ::1\n",
            List.of(
                "W1 client list is empty or ends in EXCEPT",
                "E1 ::1: unbracketed IPv6 address ~ the client list ends with \"\"",
                "E1 missing option name")),
        arguments(
            "sshd: root@2001:db8::1\n",
            List.of(
                "E1 2001:db8::1: unbracketed",
                "W1 user@host pattern \"root@2001\"",
                "E1 bad option name: \"db8\"")),
        arguments(
            "sshd@2001:db8::1: ALL\n",
            List.of(
                "E1 2001:db8::1: unbracketed IPv6 address ~ the daemon list ends with \"2001\" and the rest of"
                    + " the address starts the client list ~ write [2001:db8::1]",
                "E1 missing option name")),
        arguments("sshd@[2001:db8::1]: ALL: spawn echo 2001\\:db8\\:\\:1\n", List.of()));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void reports(String text, List<String> expected) {
    assertDiagnostics(report(text).diagnostics(), expected);
  }
}
