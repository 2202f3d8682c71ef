package dev.tcpwrap.core.lint;

import static dev.tcpwrap.core.lint.LintFixtures.assertDiagnostics;
import static dev.tcpwrap.core.lint.LintFixtures.report;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Comments, continuations and bytes (T26-T31). */
class LexicalCheckTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        arguments("# a comment\n\n   \t\nsshd: 10.0.0.1\r\n", List.of()),
        // T26
        arguments(
            "sshd: 10.0.0.1 # ALL\n",
            List.of(
                "W1 '#' in the client list starts no comment: \"#\", \"ALL\" are client patterns and \"ALL\""
                    + " matches every client ~ put the comment on a line of its own")),
        arguments(
            "sshd: 10.0.0.1 #trusted host\n",
            List.of("W1 \"#trusted\", \"host\" are client patterns")),
        arguments("sshd # ssh: 10.0.0.1\n", List.of("W1 '#' in the daemon list starts no comment")),
        // T27
        arguments(
            "  # sshd: ALL\n",
            List.of(
                "W1 indented '#' line is an active rule, not a comment: its daemons are \"#\", \"sshd\" ~ remove the"
                    + " blanks before '#'")),
        arguments(
            "\t# just a remark\n",
            List.of("W1 missing \":\" separator ~ an indented '#' starts no comment")),
        // T28
        arguments(
            "# comment \\\nsshd: ALL\n",
            List.of(
                "W2 comment on line 1 ends in '\\' and swallows line 2: \"sshd: ALL\" is part of the comment"
                    + " and ignored (remove the backslash at the end of line 1)")),
        arguments("# a \\\n# b\nsshd: ALL\n", List.of()),
        arguments("# a \\\n\nsshd: ALL\n", List.of()),
        arguments(
            "# a \\\n  more \\\nsshd: ALL\n",
            List.of(
                "W2 comment on line 1 ends in '\\' and swallows line 2",
                "W3 comment on line 1 ends in '\\' and swallows line 3")),
        // T29: continuation is fine
        arguments("sshd: 10.0.0.1, \\\n  192.168.1.11\n", List.of()),
        // T30
        arguments(
            "sshd: 10.0.0.1, \\\r\n 192.168.1.11\r\n",
            List.of(
                "W1 backslash before CRLF does not continue the line ~ line 2 is read as a rule of its own",
                "E2 missing \":\" separator")),
        arguments("# comment \\\r\nsshd: ALL\r\n", List.of()),
        // libwrap's strlen() ends the physical line at the NUL and joins the next line to it
        arguments(
            "sshd: 10.0.0.1\0 junk\nftpd: 10.0.0.2\n",
            List.of("W1 line 1 contains a NUL byte", "E1 bad option name: \"10.0.0.2\"")));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void reports(String text, List<String> expected) {
    assertDiagnostics(report(text).diagnostics(), expected);
  }
}
