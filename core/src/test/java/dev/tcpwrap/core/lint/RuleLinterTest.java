package dev.tcpwrap.core.lint;

import static dev.tcpwrap.core.lint.LintFixtures.assertDiagnostics;
import static dev.tcpwrap.core.lint.LintFixtures.report;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.core.rules.RuleTable;
import dev.tcpwrap.core.rules.RuleTableLoader;
import dev.tcpwrap.core.text.RuleText;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The public API, ordering, notes and exit status. */
class RuleLinterTest {

  private static final String ALLOW = "sshd: 10.0.0.1\nsshd: 192.168.1.5/24\n# x \\\nftpd: ALL\n";

  @Test
  void lintOfTableOnlyHasNoRawTextChecks() {
    RuleTable t =
        RuleTableLoader.parse(
            "hosts.allow", RuleTable.Role.ALLOW, ALLOW.getBytes(StandardCharsets.ISO_8859_1));
    assertDiagnostics(RuleLinter.lint(t), List.of("W2 192.168.1.5/24: the net has host bits"));
  }

  @Test
  void lintOfBytesAddsRawTextChecks() {
    byte[] b = ALLOW.getBytes(StandardCharsets.ISO_8859_1);
    List<String> expected =
        List.of(
            "W2 192.168.1.5/24: the net has host bits",
            "W4 warning: hosts.allow, line 4: comment on line 3 ends in '\\' and swallows line 4");
    assertDiagnostics(RuleLinter.lint("hosts.allow", b, null), expected);
    assertDiagnostics(
        RuleLinter.lint(
            "hosts.allow", b, RuleTableLoader.parse("hosts.allow", RuleTable.Role.ALLOW, b)),
        expected);
  }

  @Test
  void findingsAreOrderedByLineAndKnowTheirRule() {
    LintReport r = report("sshd: ALL: frobnicate\nfoo\nsshd: 192.168.1.5/24 # x\n");
    assertThat(r.findings()).extracting(Finding::line).isSorted();
    assertThat(r.findings().get(0).rule().line()).isEqualTo(1);
    assertThat(r.findings())
        .filteredOn(f -> f.line() == 2)
        .singleElement()
        .satisfies(f -> assertThat(f.rule()).isNull());
    assertThat(r.exitStatus()).isEqualTo(2);
  }

  @Test
  void exitStatus() {
    assertThat(report("sshd: 10.0.0.1\n").exitStatus()).isZero();
    assertThat(report("sshd: .example.com\n").exitStatus()).isZero();
    assertThat(report("sshd: 10.0.0.1/0\n").exitStatus()).isEqualTo(1);
    assertThat(report("sshd: 10.0.0.1:\n").exitStatus()).isEqualTo(2);
  }

  @Test
  void oneDnsNotePerFile() {
    LintReport r =
        report(
            "sshd: 10.0.0.1\nsshd: .example.com KNOWN\nftpd: LOCAL, @trusted\nx: 10.0.0.0/8 ALL [::1]/128\n");
    assertThat(r.diagnostics()).isEmpty();
    assertThat(r.notes())
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.line()).isEqualTo(2);
              assertThat(n.text())
                  .startsWith(
                      "note: hosts.allow, line 2: name-based patterns (\".example.com\","
                          + " \"KNOWN\", \"LOCAL\", \"@trusted\") in 2 rules, the first here, make libwrap look up the"
                          + " client's host name (reverse and forward DNS)");
            });
  }

  @Test
  void addressOnlyPatternsNeedNoNote() {
    assertThat(
            report("sshd: 10.0.0.1 192.168.1. 10.0.0.0/8 ALL [2001:db8::]/32 /etc/tcpw/clean\n")
                .notes())
        .isEmpty();
    assertThat(report("sshd: [2001:db8::1]\n").notes())
        .singleElement()
        .satisfies(n -> assertThat(n.text()).contains("\"[2001:db8::1]\") in this rule"));
  }

  @Test
  void hostileBytesAreKeptForThePrinterToEscapeOnce() {
    byte[] b = "sshd: 1\u00ff2.1.1.1/0 \u0001x.\n".getBytes(StandardCharsets.ISO_8859_1);
    String all = RuleLinter.lint("hosts.allow", b, null).toString();
    assertThat(all).contains("1\u00ff2.1.1.1/0").doesNotContain("\\x");
    assertThat(RuleText.printable(all))
        .contains("1\\xff2.1.1.1/0")
        .doesNotContainPattern("[\\x00-\\x1f\\x7f-\\xff]");
  }
}
