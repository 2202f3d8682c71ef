package dev.tcpwrap.core.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.core.diag.Diagnostic;
import dev.tcpwrap.core.rules.RuleTable;
import dev.tcpwrap.core.rules.RuleTableLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Helpers: lint a file text with a fake environment and compare with compact expectations. */
final class LintFixtures {

  private LintFixtures() {}

  /** An environment backed by a map; the netgroup file is {@code /etc/netgroup}. */
  static LintEnvironment env(Map<String, String> files) {
    return path -> {
      String s = files.get(path);
      return s == null ? null : s.getBytes(StandardCharsets.ISO_8859_1);
    };
  }

  static final Map<String, String> FILES =
      new HashMap<>(
          Map.of(
              "/etc/netgroup",
                  "# groups\ntrusted (good.example.com,,) (nodots,,)\nempty\nusers (,root,) \\\n (x,bob,)\n",
              "/etc/tcpw/list",
                  "# nodots is a comment here\n10.0.0.1 10.0.0.2\n  .evil.example.com 172.16.\n",
              "/etc/tcpw/clean", "10.0.0.1\n192.168.1.0/24\n",
              "/etc/tcpw/except", "10.0.0.1 EXCEPT 10.0.0.2\nroot@10.0.0.3\n"));

  static LintReport report(RuleTable.Role role, String text, LintEnvironment env) {
    byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
    RuleTable t = RuleTableLoader.parse(role.label(), role, b);
    return RuleLinter.report(t, b, env);
  }

  static LintReport report(String text) {
    return report(RuleTable.Role.ALLOW, text, env(FILES));
  }

  /**
   * Asserts the diagnostics, in order. Each expectation is {@code "W3 text"} or {@code "E0 text"}:
   * severity, line, and text that the diagnostic's printed form must contain (several pieces
   * separated by {@code " ~ "}).
   */
  static void assertDiagnostics(List<Diagnostic> actual, List<String> expected) {
    List<String> printed = new ArrayList<>();
    for (Diagnostic d : actual) {
      printed.add(d.toString());
    }
    assertThat(actual).as("diagnostics %s", printed).hasSize(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      String e = expected.get(i);
      int space = e.indexOf(' ');
      Diagnostic d = actual.get(i);
      Diagnostic.Severity sev =
          e.charAt(0) == 'E' ? Diagnostic.Severity.ERROR : Diagnostic.Severity.WARNING;
      assertThat(d.severity()).as("severity of %s", d).isEqualTo(sev);
      assertThat(d.line()).as("line of %s", d).isEqualTo(Integer.parseInt(e.substring(1, space)));
      for (String part : e.substring(space + 1).split(" ~ ")) {
        assertThat(d.toString()).contains(part);
      }
    }
  }
}
