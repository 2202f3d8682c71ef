package dev.tcpwrap.core.lint;

import static dev.tcpwrap.core.lint.LintFixtures.assertDiagnostics;
import static dev.tcpwrap.core.lint.LintFixtures.report;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReachabilityCheckTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        arguments("sshd: 10.0.0.1\nftpd: 10.0.0.1\nsshd: 10.0.0.2\n", List.of()),
        arguments("sshd: ALL\nftpd: 10.0.0.1\n", List.of()),
        arguments("sshd: ALL EXCEPT 10.0.0.1\nsshd: 10.0.0.1\n", List.of()),
        arguments("ALL EXCEPT ftpd: ALL\nftpd: 10.0.0.1\n", List.of()),
        arguments("sshd@10.0.0.1: ALL\nsshd: 10.0.0.1\n", List.of()),
        arguments(
            "sshd: ALL\nsshd: 10.0.0.1: spawn echo hi\n",
            List.of(
                "W2 rule is never reached: line 1 (sshd: ALL) matches every request this rule could match first"
                    + " (remove this rule, or move it above line 1)")),
        arguments("sshd: 10.0.0.1\nSSHD: 10.0.0.1: deny\n", List.of()),
        arguments(
            "sshd: 10.0.0.1\nsshd: 10.0.0.1: deny\n", List.of("W2 rule is never reached: line 1")),
        arguments(
            "ALL: ALL\nsshd, ftpd: 10.0.0.1\n",
            List.of("W2 rule is never reached: line 1 (ALL: ALL)")),
        arguments(
            "sshd, ftpd: 10.0.0.0/8 ALL\nSSHD@10.0.0.1: 10.0.0.1\n",
            List.of("W2 never reached: line 1")));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void reports(String text, List<String> expected) {
    assertDiagnostics(report(text).diagnostics(), expected);
  }
}
