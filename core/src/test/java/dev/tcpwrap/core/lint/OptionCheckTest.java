package dev.tcpwrap.core.lint;

import static dev.tcpwrap.core.lint.LintFixtures.FILES;
import static dev.tcpwrap.core.lint.LintFixtures.assertDiagnostics;
import static dev.tcpwrap.core.lint.LintFixtures.env;
import static dev.tcpwrap.core.lint.LintFixtures.report;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.tcpwrap.core.rules.RuleTable;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Option errors deny (T32, T59, T61, T62); process-wide options; % sequences (T85); ident. */
class OptionCheckTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        arguments("sshd: ALL: spawn echo %a %h %% \\: x: ALLOW\n", List.of()),
        arguments(
            "sshd: ALL: severity local3.notice: banners /etc/banners: keepalive: linger 5\n",
            List.of()),
        arguments(
            "sshd: ALL:\n",
            List.of(
                "E1 missing option name (libwrap DENIES every client this rule matches, even in hosts.allow:"
                    + " an empty option field, a ':' with nothing after it, is an error; remove the last ':')")),
        arguments("sshd: ALL: spawn echo x:\n", List.of("E1 missing option name")),
        arguments(
            "sshd: ALL: frobnicate\n",
            List.of(
                "E1 bad option name: \"frobnicate\" (libwrap DENIES every client this rule matches")),
        arguments("sshd: ALL: deny: spawn echo hi\n", List.of("E1 option \"deny\" must be at end")),
        arguments(
            "sshd: ALL: severity bogus\n",
            List.of("E1 bad syslog facility or severity: \"bogus\"")),
        arguments("sshd: ALL: spawn\n", List.of("E1 option \"spawn\" requires value")),
        arguments(
            "sshd: ALL: deny # no ssh\n",
            List.of("E1 option \"deny\" requires no value ~ there are no trailing comments")),
        arguments(
            "sshd: ALL: user nobody\n",
            List.of("W1 option \"user\" is parsed but has no effect inside a JVM")),
        arguments(
            "sshd: ALL: group nogroup: umask 022: nice 3: setenv FOO bar: aclexec /bin/true\n",
            List.of(
                "W1 option \"group\" is parsed but has no effect inside a JVM",
                "W1 option \"umask\"",
                "W1 option \"nice\"",
                "W1 option \"setenv\"",
                "W1 option \"aclexec\": the agent does not run the command and takes it as failed,"
                    + " so a client this rule matches is decided by hosts.deny (libwrap grants it"
                    + " when the command exits 0")),
        arguments(
            "sshd: ALL: aclexec /bin/false: allow\n",
            List.of(
                "W1 option \"aclexec\": the agent does not run the command; the rule's \"allow\""
                    + " decides, as in libwrap whatever the command returns")),
        arguments(
            "sshd: ALL: user nobody: frobnicate\n",
            List.of("W1 option \"user\"", "E1 bad option name: \"frobnicate\"")),
        // T85
        arguments(
            "ALL: ALL: spawn echo 100% done %z end%\n",
            List.of("W1 unrecognized % ", "W1 unrecognized %z ~ \"%z\" expands to nothing")),
        arguments(
            "sshd: ALL: spawn echo %u\n",
            List.of("W1 %u in option \"spawn\" makes an ident (RFC 931) lookup")),
        arguments(
            "sshd: ALL: rfc931 5\n",
            List.of("W1 option \"rfc931\" makes an ident (RFC 931) lookup")),
        arguments(
            "sshd: root@10.0.0.1, KNOWN@ALL\n",
            List.of(
                "W1 user@host patterns \"root@10.0.0.1\", \"KNOWN@ALL\" need an ident (RFC 931) lookup ~ up to 10 s")));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void reports(String text, List<String> expected) {
    assertDiagnostics(report(text).diagnostics(), expected);
  }

  @Test
  void aclexecInHostsDenyRefuses() {
    assertDiagnostics(
        report(RuleTable.Role.DENY, "sshd: ALL: aclexec /bin/false\n", env(FILES)).diagnostics(),
        List.of(
            "W1 option \"aclexec\": the agent does not run the command and takes it as succeeded,"
                + " so a client this rule matches is refused (libwrap grants it when the command"
                + " fails) (the agent runs no command"));
  }
}
