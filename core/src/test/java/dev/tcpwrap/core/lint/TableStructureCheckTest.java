package dev.tcpwrap.core.lint;

import static dev.tcpwrap.core.lint.LintFixtures.FILES;
import static dev.tcpwrap.core.lint.LintFixtures.assertDiagnostics;
import static dev.tcpwrap.core.lint.LintFixtures.env;
import static dev.tcpwrap.core.lint.LintFixtures.report;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.core.diag.Diagnostic;
import dev.tcpwrap.core.rules.RuleTable;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What libwrap reports while scanning: unreadable file, missing final newline, too long, missing
 * ':' (T55, T56, T86).
 */
class TableStructureCheckTest {

  @Test
  void missingFinalNewlineInHostsAllow() {
    // T55: libwrap reports "line 0" for a one-line file
    assertDiagnostics(
        report("sshd: 10.0.0.1").diagnostics(),
        List.of(
            "E0 missing newline or line too long (the last line, line 1, does not end with a newline; add one)",
            "E0 all the subsequent rules will be ignored (libwrap ignores the rest of hosts.allow"));
  }

  @Test
  void missingFinalNewlineInHostsDenyDeniesEveryone() {
    // T56
    assertDiagnostics(
        report(RuleTable.Role.DENY, "ALL: 10.0.0.9\nsshd: 10.0.0.1", env(FILES)).diagnostics(),
        List.of(
            "E1 error: hosts.deny, line 1: missing newline or line too long ~ line 2, does not end",
            "E1 all the subsequent rules will be ignored (libwrap stops reading hosts.deny here and then"
                + " DENIES every client not allowed by hosts.allow)"));
  }

  @Test
  void commentWithoutFinalNewlineCountsToo() {
    assertDiagnostics(
        report("sshd: ALL\n# end").diagnostics(),
        List.of(
            "E1 missing newline or line too long", "E1 all the subsequent rules will be ignored"));
  }

  @Test
  void overLongLine() {
    // T86: a 300-address rule
    StringBuilder sb = new StringBuilder("sshd:");
    for (int i = 0; i < 300; i++) {
      sb.append(" 10.0.").append(i / 250).append('.').append(i % 250 + 1);
    }
    sb.append("\nsshd: 10.0.0.1\n");
    assertDiagnostics(
        report(sb.toString()).diagnostics(),
        List.of(
            "E0 missing newline or line too long (the line starting at line 1 is longer than libwrap's limit of"
                + " 2047 bytes",
            "E0 all the subsequent rules will be ignored"));
  }

  @Test
  void missingSeparator() {
    assertDiagnostics(
        report("sshd 10.0.0.1\n").diagnostics(),
        List.of("E1 missing \":\" separator (libwrap ignores this line"));
  }

  @Test
  void seedSpawnSplitOverTwoLines() {
    // the seed's hosts.deny example breaks the spawn command without a backslash
    String deny =
        "ALL: ALL: spawn (echo \"Attempt from %h %a to %d at `date`\" \n"
            + " | tee -a /var/log/tcp.deny.log | mail root@localhost)\n";
    assertDiagnostics(
        report(RuleTable.Role.DENY, deny, env(FILES)).diagnostics(),
        List.of("E2 missing \":\" separator ~ needs a '\\' at the end of that line"));
  }

  @Test
  void unreadableFile() {
    RuleTable t =
        new RuleTable(
            "hosts.deny",
            RuleTable.Role.DENY,
            List.of(),
            Diagnostic.warning(null, 0, "cannot open hosts.deny: Permission denied"),
            false);
    List<Diagnostic> d = RuleLinter.report(t, null, env(FILES)).diagnostics();
    assertThat(d).hasSize(1);
    assertThat(d.get(0).toString())
        .isEqualTo(
            "error: cannot open hosts.deny: Permission denied (hosts.deny cannot be read, so the"
                + " agent DENIES every client not allowed by hosts.allow, as libwrap does; make it a"
                + " readable regular file)");
  }

  @Test
  void missingFileIsANoteOnly() {
    RuleTable t = new RuleTable("/etc/hosts.allow", RuleTable.Role.ALLOW, List.of(), null, true);
    LintReport r = RuleLinter.report(t, null, env(FILES));
    assertThat(r.diagnostics()).isEmpty();
    assertThat(r.exitStatus()).isZero();
    assertThat(r.notes())
        .singleElement()
        .extracting(Finding::text)
        .isEqualTo("note: /etc/hosts.allow: no such file (treated as empty, as libwrap does)");
  }
}
