package dev.tcpwrap.core.lint;

import static dev.tcpwrap.core.lint.LintFixtures.assertDiagnostics;
import static dev.tcpwrap.core.lint.LintFixtures.report;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ListStructureCheckTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        arguments("ALL EXCEPT in.fingerd: ALL EXCEPT 192.168.1. EXCEPT 192.168.1.10\n", List.of()),
        arguments(
            ": 10.0.0.1\n", List.of("W1 daemon list is empty or ends in EXCEPT ~ never matches")),
        arguments("sshd:   \n", List.of("W1 client list is empty or ends in EXCEPT")),
        // T80
        arguments(
            "sshd: ALL EXCEPT\n",
            List.of("W1 client list is empty or ends in EXCEPT ~ it excludes nothing")),
        arguments("sshd EXCEPT: ALL\n", List.of("W1 daemon list is empty or ends in EXCEPT")),
        arguments(
            "sshd: EXCEPT 10.0.0.1\n",
            List.of("W1 client list starts with EXCEPT: \"EXCEPT\", \"10.0.0.1\" ~ never matches")),
        arguments(
            "sshd: ALL except except 10.0.0.1\n", List.of("W1 client list has EXCEPT EXCEPT")),
        arguments(
            "sshd: 10.0.0.1 FAIL 10.0.0.2\n",
            List.of("W1 FAIL is no longer recognized (use EXCEPT or DENY instead")),
        arguments("@admins: ALL\n", List.of("W1 @admins: daemon name begins with \"@\"")),
        arguments("/etc/x: ALL\n", List.of("W1 /etc/x: daemon name begins with \"/\"")));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void reports(String text, List<String> expected) {
    assertDiagnostics(report(text).diagnostics(), expected);
  }
}
