package dev.tcpwrap.core.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.core.rules.RuleTable;
import dev.tcpwrap.core.rules.RuleTableLoader;
import dev.tcpwrap.core.tools.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Arbitrary bytes in a rule file never make {@code check} throw or print a stack trace: only
 * diagnostics, rule blocks and notes, and an exit status of 0, 1 or 2.
 */
class CheckRobustnessTest {

  private static final Path DIR = tempDir();

  /** Every line {@code check} may print. */
  private static final Pattern LINE =
      Pattern.compile(
          "|(warning|error|note): [\\x20-\\x7e]*|>>> Rule .* line \\d+:|daemons:  [\\x20-\\x7e]*"
              + "|clients:  [\\x20-\\x7e]*|option:   [\\x20-\\x7e]*"
              + "|access:   (granted|denied|delegated|hosts.deny decides)( \\(agent: [\\x20-\\x7e]*)?");

  private static Path tempDir() {
    try {
      Path d = Files.createTempDirectory("tcpwrap-check-");
      d.toFile().deleteOnExit();
      return d;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Property(tries = 400)
  void arbitraryBytes(
      @ForAll @Size(max = 2500) byte[] allow,
      @ForAll @Size(max = 400) byte[] deny,
      @ForAll boolean verbose)
      throws IOException {
    checkOnlyDiagnoses(allow, deny, verbose);
  }

  @Property(tries = 1000)
  void ruleLikeText(
      @ForAll("ruleText") String allow, @ForAll("ruleText") String deny, @ForAll boolean verbose)
      throws IOException {
    checkOnlyDiagnoses(
        allow.getBytes(StandardCharsets.ISO_8859_1),
        deny.getBytes(StandardCharsets.ISO_8859_1),
        verbose);
  }

  @Property(tries = 1000)
  void linterNeverThrows(@ForAll("ruleText") String text) {
    byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
    for (RuleTable.Role role : RuleTable.Role.values()) {
      LintReport r =
          RuleLinter.report(
              RuleTableLoader.parse(role.label(), role, b),
              b,
              LintFixtures.env(LintFixtures.FILES));
      assertThat(r.exitStatus()).isBetween(0, 2);
      for (Finding f : r.findings()) {
        // the text is the file's as it is: check and the agent's log escape it (checkOnlyDiagnoses)
        assertThat(f.text()).doesNotContain("internal error");
      }
    }
  }

  @Provide
  Arbitrary<String> ruleText() {
    Arbitrary<String> syntax =
        Arbitraries.of(
            "sshd",
            "in.ftpd",
            "ALL",
            "EXCEPT",
            "except",
            ":",
            ":",
            ":",
            ",",
            " ",
            "\t",
            "\n",
            "\n",
            "\n",
            "\r\n",
            "\\\n",
            "\\\r\n",
            "\\",
            "#",
            "  #",
            "[",
            "]",
            "/",
            "@",
            "%",
            "%z",
            "%u",
            ".",
            "*",
            "?",
            "0",
            "22",
            "10.0.0.1",
            "192.168.1.",
            "192.168.1.5/24",
            "0.0.0.0/0",
            "1.2.3.4/255.255.255.255",
            "10.0.0.010/32",
            "0x0a.0.0.1/8",
            "10.0.0.0/8abc",
            "[2001:db8::/64]",
            "[2001:db8::]/abc",
            "[2001:db8::]/",
            "[2001:db8::]/129",
            "2001:db8::1",
            "::1",
            "[::ffff:1.2.3.4]",
            "[::ffff:1.2.3.4]/120",
            "[2001:db8::*]",
            "[fe80::1%lo]",
            "good.",
            ".example.com",
            ".tue.nl.",
            ".ex*.",
            "/etc/tcpw/list",
            "/etc/tcpw/missing",
            "/",
            "@trusted",
            "@TRUSTED",
            "@",
            "root@",
            "@@",
            "KNOWN",
            "LOCAL",
            "UNKNOWN",
            "PARANOID",
            "FAIL",
            "spawn",
            "twist",
            "allow",
            "deny",
            "user nobody",
            "severity",
            "severity local9.x",
            "umask 0888",
            "linger -1",
            "nice x",
            "banners",
            "aclexec",
            "rfc931 0",
            "setenv",
            "=",
            "\\:",
            "\0",
            "\u00ff",
            "\u0085",
            "\u007f");
    Arbitrary<String> junk = Arbitraries.strings().withCharRange('\0', '\u00ff').ofMaxLength(6);
    Arbitrary<String> longRun =
        Arbitraries.strings().withChars('x', ' ', ',').ofMinLength(900).ofMaxLength(1200);
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(40, syntax),
            net.jqwik.api.Tuple.of(6, junk),
            net.jqwik.api.Tuple.of(1, longRun))
        .list()
        .ofMaxSize(50)
        .map(l -> String.join("", l));
  }

  private static void checkOnlyDiagnoses(byte[] allow, byte[] deny, boolean verbose)
      throws IOException {
    Path a = DIR.resolve("hosts.allow");
    Path d = DIR.resolve("hosts.deny");
    Files.write(a, allow);
    Files.write(d, deny);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] args =
        verbose
            ? new String[] {"check", "--allow", a.toString(), "--deny", d.toString(), "-v"}
            : new String[] {"check", "--allow", a.toString(), "--deny", d.toString()};
    int status =
        Main.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    String o = out.toString(StandardCharsets.UTF_8);
    assertThat(status).isBetween(0, 2);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(o).doesNotContain("internal error").doesNotContain("\tat ");
    o.lines().forEach(line -> assertThat(line).matches(LINE));
  }
}
