package dev.tcpwrap.core.lint;

import static dev.tcpwrap.core.lint.LintFixtures.assertDiagnostics;
import static dev.tcpwrap.core.lint.LintFixtures.env;
import static dev.tcpwrap.core.lint.LintFixtures.report;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.tcpwrap.core.rules.RuleTable;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code @netgroup} and {@code /file} patterns (T64-T68, N1-N4). */
class ExternalPatternCheckTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        arguments("sshd: @trusted @users /etc/tcpw/clean\n", List.of()),
        arguments(
            "sshd: @nosuch\n",
            List.of("W1 @nosuch: unknown or empty netgroup ~ not defined in /etc/netgroup")),
        // N3: names are case-sensitive
        arguments(
            "sshd: @TRUSTED\n",
            List.of(
                "W1 @TRUSTED: unknown or empty netgroup (netgroup names are case-sensitive: /etc/netgroup"
                    + " defines \"trusted\", write @trusted)")),
        arguments("sshd: @empty\n", List.of("W1 @empty: unknown or empty netgroup ~ no members")),
        arguments("sshd: @\n", List.of("W1 @: unknown or empty netgroup")),
        arguments("sshd@@trusted: ALL\n", List.of()),
        // T68: a missing file matches nothing, silently in libwrap
        arguments(
            "sshd: /etc/tcpw/missing\n",
            List.of("W1 /etc/tcpw/missing: no such pattern file: the pattern matches nothing")),
        // T67
        arguments(
            "sshd: /etc/tcpw/list\n",
            List.of(
                "W1 /etc/tcpw/list, line 1: pattern files have no comments: \"#\", \"nodots\", \"is\", \"a\","
                    + " \"comment\", ... are host patterns")),
        arguments(
            "sshd: /etc/tcpw/list\nftpd: /etc/tcpw/list\n",
            List.of("W1 pattern files have no comments")),
        arguments(
            "sshd: /etc/tcpw/except\n",
            List.of(
                "W1 /etc/tcpw/except, line 1: EXCEPT is not an operator in a pattern file",
                "W1 /etc/tcpw/except, line 2: \"root@10.0.0.3\": a pattern file has no user@host patterns")));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void reports(String text, List<String> expected) {
    assertDiagnostics(report(text).diagnostics(), expected);
  }

  @Test
  void noNetgroupFile() {
    assertDiagnostics(
        report(RuleTable.Role.ALLOW, "sshd: @trusted\n", env(Map.of())).diagnostics(),
        List.of(
            "W1 @trusted: unknown or empty netgroup (there is no /etc/netgroup and NIS was not checked"));
  }

  @Test
  void unreadablePatternFile() {
    LintEnvironment failing =
        path -> {
          throw new IOException("Permission denied");
        };
    assertDiagnostics(
        report(RuleTable.Role.ALLOW, "sshd: /etc/secret\n", failing).diagnostics(),
        List.of(
            "W1 open /etc/secret: Permission denied (libwrap cannot read the pattern file, so the pattern matches"
                + " nothing)"));
  }
}
