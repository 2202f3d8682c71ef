package dev.tcpwrap.core.lint;

import static dev.tcpwrap.core.lint.LintFixtures.assertDiagnostics;
import static dev.tcpwrap.core.lint.LintFixtures.report;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HostNameCheckTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        arguments(
            "sshd: .example.com 192.168.1. .10 *.example.com 192.168.1.* good.example.co? LOCAL\n",
            List.of()),
        arguments("sshd: UNKNOWN PARANOID KNOWN ALL host\n", List.of()),
        // T36: prefix of names in Debian
        arguments(
            "sshd: host.example.com.\n",
            List.of(
                "W1 host.example.com.: domain or host name ends in dot ~ as a prefix ~ never the host"
                    + " host.example.com itself")),
        arguments(
            "sshd: .tue.nl.\n",
            List.of(
                "W1 .tue.nl.: domain or host name ends in dot (resolved names have no final dot, so this suffix"
                    + " never matches; write .tue.nl)")),
        arguments(
            "sshd: .example.*\n",
            List.of(
                "W1 .example.*: wildcards cannot be combined with the leading-dot or trailing-dot forms")),
        arguments("sshd: 192.168.*.\n", List.of("W1 192.168.*.: wildcards cannot be combined")),
        arguments(
            "sshd: 192.168.1\n",
            List.of(
                "W1 192.168.1: not a complete IPv4 address ~ write the prefix with a final dot: 192.168.1.")),
        arguments(
            "sshd: 10.0.0.010\n",
            List.of("W1 10.0.0.010: addresses are compared as text ~ write 10.0.0.10")));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void reports(String text, List<String> expected) {
    assertDiagnostics(report(text).diagnostics(), expected);
  }
}
