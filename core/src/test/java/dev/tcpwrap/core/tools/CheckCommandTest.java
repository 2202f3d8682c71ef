package dev.tcpwrap.core.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.core.rules.RuleTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check}: output, exit status 0/1/2 and the {@code -v} format, on real files. */
class CheckCommandTest {

  @TempDir Path dir;

  private Path allow;
  private Path deny;
  private String out;
  private String err;

  @BeforeEach
  void paths() {
    allow = dir.resolve("hosts.allow");
    deny = dir.resolve("hosts.deny");
  }

  private int check(String allowText, String denyText, String... extra) throws IOException {
    if (allowText != null) {
      Files.write(allow, allowText.getBytes(StandardCharsets.ISO_8859_1));
    }
    if (denyText != null) {
      Files.write(deny, denyText.getBytes(StandardCharsets.ISO_8859_1));
    }
    String[] args = new String[5 + extra.length];
    args[0] = "check";
    args[1] = "--allow";
    args[2] = allow.toString();
    args[3] = "--deny";
    args[4] = deny.toString();
    System.arraycopy(extra, 0, args, 5, extra.length);
    return run(args);
  }

  private int run(String... args) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int status =
        Main.run(
            args,
            new PrintStream(o, true, StandardCharsets.UTF_8),
            new PrintStream(e, true, StandardCharsets.UTF_8));
    out = o.toString(StandardCharsets.UTF_8);
    err = e.toString(StandardCharsets.UTF_8);
    return status;
  }

  @Test
  void cleanFilesExitZeroSilently() throws IOException {
    assertThat(check("# ssh from the LAN\nsshd: 192.168.1.0/24 [2001:db8::]/32\n", "ALL: ALL\n"))
        .isZero();
    assertThat(out).isEmpty();
    assertThat(err).isEmpty();
  }

  @Test
  void warningsExitOne() throws IOException {
    assertThat(check("sshd: 192.168.1.5/24\n", "ALL: ALL\n")).isEqualTo(1);
    assertThat(out)
        .isEqualTo(
            "warning: "
                + allow
                + ", line 1: 192.168.1.5/24: the net has host bits set for this"
                + " mask; libwrap compares (address & mask) with the net as written, so the pattern matches nothing"
                + " (write 192.168.1.0/24)\n");
  }

  @Test
  void errorsExitTwo() throws IOException {
    // T14
    assertThat(check("sshd: 10.0.0.1, 2001:db8::1\n", "")).isEqualTo(2);
    assertThat(out.lines())
        .containsExactly(
            "error: "
                + allow
                + ", line 1: 2001:db8::1: unbracketed IPv6 address: libwrap cuts the line at its"
                + " first ':' (the client list ends with \"2001\" and the rest of the address starts the option"
                + " list; write [2001:db8::1])",
            "error: "
                + allow
                + ", line 1: bad option name: \"db8\" (libwrap DENIES every client this rule"
                + " matches, even in hosts.allow; fix the option)");
  }

  @Test
  void bothFilesAreChecked() throws IOException {
    assertThat(check("sshd: 0.0.0.0/0\n", "ALL: ALL\nsshd: 10.0.0.1")).isEqualTo(2);
    assertThat(out.lines()).hasSize(3);
    assertThat(out.lines().toList().get(0))
        .startsWith("warning: " + allow + ", line 1: 0.0.0.0/0: /0 is not");
    assertThat(out.lines().toList().get(1))
        .isEqualTo(
            "error: "
                + deny
                + ", line 1: missing newline or line too"
                + " long (the last line, line 2, does not end with a newline; add one)");
    assertThat(out.lines().toList().get(2))
        .isEqualTo(
            "error: "
                + deny
                + ", line 1: all the subsequent rules will"
                + " be ignored (libwrap stops reading hosts.deny here and then DENIES every client not allowed by"
                + " hosts.allow)");
  }

  @Test
  void missingFilesAreEmptyAndOnlyNoted() {
    assertThat(run("check", "--allow", allow.toString(), "--deny", deny.toString())).isZero();
    assertThat(out.lines())
        .containsExactly(
            "note: " + allow + ": no such file (treated as empty, as libwrap does)",
            "note: " + deny + ": no such file (treated as empty, as libwrap does)");
  }

  @Test
  void unreadableFileIsAnError() throws IOException {
    Path notADir = dir.resolve("plain");
    Files.writeString(notADir, "x");
    assertThat(
            run(
                "check",
                "--allow",
                allow.toString(),
                "--deny",
                notADir.resolve("hosts.deny").toString()))
        .isEqualTo(2);
    assertThat(out).contains("note: " + allow + ": no such file");
    assertThat(out).contains("error: cannot open " + notADir.resolve("hosts.deny") + ": ");
    assertThat(out).contains("DENIES every client not allowed by hosts.allow");
  }

  @Test
  void directoryCannotBeRead() throws IOException {
    // libwrap would read a directory as an empty file; the agent refuses to (issue 12)
    Files.createDirectory(deny);
    assertThat(check("ALL: 10.0.0.1\n", null)).isNotZero();
    assertThat(out)
        .contains(
            "error: cannot open "
                + deny
                + ": Is a directory (hosts.deny cannot be read, so the agent DENIES every client not"
                + " allowed by hosts.allow (libwrap reads a directory as an empty file and lets them"
                + " in); make it a readable regular file)");
  }

  @Test
  void aFifoAsTheDenyFileIsAnErrorNotAHang() throws Exception {
    mkfifo(deny);
    long start = System.nanoTime();
    assertThat(check("ALL: 10.0.0.1\n", null)).isEqualTo(2);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    assertThat(out.lines())
        .containsExactly(
            "error: cannot open "
                + deny
                + ": not a regular file (a FIFO) (hosts.deny cannot be read, so the agent DENIES"
                + " every client not allowed by hosts.allow (libwrap would wait on a FIFO, or read a"
                + " device without end); make it a readable regular file)");
  }

  @Test
  void patternFilesThatAreNotRegularFilesAreErrors() throws Exception {
    Path fifo = dir.resolve("fifo");
    mkfifo(fifo);
    assertThat(check("sshd: " + fifo + "\n", "ALL: /dev/zero\n")).isEqualTo(2);
    assertThat(out.lines())
        .hasSize(2)
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith(
                        "error: "
                            + allow
                            + ", line 1: open "
                            + fifo
                            + ": not a regular file (a FIFO)"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith(
                        "error: "
                            + deny
                            + ", line 1: open /dev/zero: not a regular file (a character device)"));
  }

  @Test
  void aSelfIncludingPatternFileIsAnError() throws IOException {
    Path self = dir.resolve("self");
    Files.writeString(self, "10.0.0.1 " + self + "\n");
    assertThat(check("", "ALL: 10.0.0.2\nsshd: " + self + "\n")).isEqualTo(2);
    assertThat(out)
        .startsWith(
            "error: "
                + deny
                + ", line 2: pattern file "
                + self
                + " includes itself: "
                + self
                + " -> "
                + self
                + " (the agent denies");
  }

  @Test
  void aFifteenDeepChainIsReportedQuickly() throws IOException {
    for (int i = 15; i >= 1; i--) {
      Path next = dir.resolve("c" + (i + 1));
      Files.writeString(dir.resolve("c" + i), i == 15 ? "10.0.0.9\n" : (next + " ").repeat(4));
    }
    long start = System.nanoTime();
    assertThat(check("sshd: " + dir.resolve("c1") + "\n", null)).isEqualTo(1);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(out.lines())
        .filteredOn(l -> l.startsWith("warning: " + allow + ", line 1: "))
        .hasSize(2)
        .anySatisfy(l -> assertThat(l).contains("pattern files nested 15 deep: "))
        .anySatisfy(l -> assertThat(l).contains("libwrap opens pattern files 357913941 times"));
  }

  private static void mkfifo(Path p) throws Exception {
    assertThat(new ProcessBuilder("mkfifo", p.toString()).start().waitFor()).isZero();
  }

  @Test
  void verboseSaysWhatTheAgentDoesWithAclexec() throws IOException {
    assertThat(
            check(
                "sshd: ALL: aclexec /bin/true\n", "sshd: ALL: aclexec /bin/true\nALL: ALL\n", "-v"))
        .isEqualTo(1);
    assertThat(out.lines().filter(l -> l.startsWith("access:   ")))
        .containsExactly(
            "access:   hosts.deny decides (agent: aclexec is not run and counts as failed);"
                + " tcpdchk would print granted",
            "access:   denied (agent: aclexec is not run and counts as succeeded)",
            "access:   denied");
  }

  @Test
  void bytesAreEscapedOnce() throws IOException {
    assertThat(check("sshd: 1.2.3.4/2\u0091 @x\u0091y\n", "", "-v")).isEqualTo(1);
    assertThat(out)
        .contains(
            "clients:  1.2.3.4/2\\x91 @x\\x91y\n",
            "line 1: 1.2.3.4/2\\x91: prefix length \"2\\x91\" is read as /2 by atoi()",
            "line 1: @x\\x91y: unknown or empty netgroup")
        .doesNotContain("\\\\");
  }

  @Test
  void findingsCarryTheBytesForThePrinterToEscape() throws IOException {
    // the agent logs findings through its own escaping: escaped here too, it printed \\x91
    Files.writeString(allow, "sshd: @x\u0091y\n", StandardCharsets.ISO_8859_1);
    assertThat(
            dev.tcpwrap.core.lint.RuleLinter.lint(
                    dev.tcpwrap.core.rules.RuleTableLoader.load(allow, RuleTable.Role.ALLOW))
                .get(0)
                .message())
        .startsWith("@x\u0091y: unknown or empty netgroup");
  }

  @Test
  void aFileNameTheJvmCannotSpellIsOneLineNotAStackTrace() throws Exception {
    // in the C locale the JVM names files in ASCII: "\u00e9" cannot be a path
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "check",
                "--allow",
                dir + "/caf\u00e9")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("output").toFile());
    pb.environment().remove("LANG");
    pb.environment().put("LC_ALL", "C");
    Process p = pb.start();
    assertThat(p.waitFor()).isEqualTo(2);
    assertThat(Files.readAllLines(dir.resolve("output")))
        .singleElement()
        .satisfies(
            l ->
                assertThat(l)
                    .startsWith("tcpwrap check: cannot use the file name \"" + dir + "/caf"));
  }

  @Test
  void notesDoNotChangeTheExitStatus() throws IOException {
    assertThat(check("sshd: .example.com\n", "ALL: ALL\n")).isZero();
    assertThat(out)
        .startsWith(
            "note: " + allow + ", line 1: name-based patterns (\".example.com\") in this rule");
  }

  @Test
  void verboseShowsEveryRuleLikeTcpdchk() throws IOException {
    String allowText =
        "sshd: 192.168.1.0/24 [2001:db8::]/32: ALLOW\n"
            + "no separator here\n"
            + "sshd: 192.168.1.0/33\n"
            + "ftpd: ALL: spawn echo %a: frobnicate\n"
            + "in.fingerd: ALL: twist /bin/echo 421 go away\n";
    assertThat(check(allowText, "ALL: ALL\n", "-v")).isEqualTo(2);
    String a = allow.toString();
    assertThat(out)
        .isEqualTo(
            ""
                + ">>> Rule "
                + a
                + " line 1:\n"
                + "daemons:  sshd\n"
                + "clients:  192.168.1.0/24 [2001:db8::]/32\n"
                + "option:   ALLOW\n"
                + "access:   granted\n"
                + "\n"
                + "error: "
                + a
                + ", line 2: missing \":\" separator (libwrap ignores this line; a rule is DAEMONS :"
                + " CLIENTS [: OPTIONS], and a line that continues the previous one needs a '\\' at the end of that"
                + " line)\n"
                + "\n"
                + ">>> Rule "
                + a
                + " line 3:\n"
                + "daemons:  sshd\n"
                + "clients:  192.168.1.0/33\n"
                + "warning: "
                + a
                + ", line 3: 192.168.1.0/33: prefix length is out of range 1..32: bad net/mask"
                + " pattern (write a prefix length from 1 to 32; the pattern never matches)\n"
                + "access:   granted\n"
                + "\n"
                + ">>> Rule "
                + a
                + " line 4:\n"
                + "daemons:  ftpd\n"
                + "clients:  ALL\n"
                + "option:   spawn echo %a\n"
                + "error: "
                + a
                + ", line 4: bad option name: \"frobnicate\" (libwrap DENIES every client this rule"
                + " matches, even in hosts.allow; fix the option)\n"
                + "access:   denied\n"
                + "\n"
                + ">>> Rule "
                + a
                + " line 5:\n"
                + "daemons:  in.fingerd\n"
                + "clients:  ALL\n"
                + "option:   twist /bin/echo 421 go away\n"
                + "access:   delegated\n"
                + "\n"
                + ">>> Rule "
                + deny
                + " line 1:\n"
                + "daemons:  ALL\n"
                + "clients:  ALL\n"
                + "access:   denied\n");
  }

  @Test
  void verboseDenyOptionsAndTrailingFileProblems() throws IOException {
    assertThat(check("", "sshd: 10.0.0.1: allow\nALL: ALL", "-v")).isEqualTo(2);
    assertThat(out)
        .isEqualTo(
            ""
                + ">>> Rule "
                + deny
                + " line 1:\n"
                + "daemons:  sshd\n"
                + "clients:  10.0.0.1\n"
                + "option:   allow\n"
                + "access:   granted\n"
                + "\n"
                + "error: "
                + deny
                + ", line 1: missing newline or line too long (the last line, line 2, does not end"
                + " with a newline; add one)\n"
                + "error: "
                + deny
                + ", line 1: all the subsequent rules will be ignored (libwrap stops reading"
                + " hosts.deny here and then DENIES every client not allowed by hosts.allow)\n");
  }

  @Test
  void seedExamples() throws IOException {
    String allowText =
        "sshd:           1.2.3. [2001:0db8:100:200::]/64\n"
            + "daytime-stream: 1.2.3. [2001:0db8:100:200::/64]\n";
    String denyText =
        "ALL: ALL: spawn (echo \"Attempt from %h %a to %d at `date`\" \n"
            + " | tee -a /var/log/tcp.deny.log | mail root@localhost)\n";
    assertThat(check(allowText, denyText)).isEqualTo(2);
    assertThat(out.lines())
        .containsExactly(
            "warning: "
                + allow
                + ", line 2: [2001:0db8:100:200::/64]: broken IPv6 network notation: the prefix"
                + " length must follow the ']'; this pattern never matches (write [2001:0db8:100:200::]/64)",
            "note: "
                + allow
                + ", line 2: name-based patterns (\"[2001:0db8:100:200::/64]\") in this rule make"
                + " libwrap look up the client's host name (reverse and forward DNS) on every connection that"
                + " reaches them; a slow or failing resolver delays connections and changes what they match",
            "error: "
                + deny
                + ", line 2: missing \":\" separator (libwrap ignores this line; a rule is DAEMONS :"
                + " CLIENTS [: OPTIONS], and a line that continues the previous one needs a '\\' at the end"
                + " of that line)");
  }

  @Test
  void usageErrors() {
    assertThat(run("check", "extra")).isEqualTo(2);
    assertThat(err).startsWith("tcpwrap check: unexpected argument \"extra\"");
    assertThat(run("check", "--port", "22")).isEqualTo(2);
    assertThat(err).contains("unknown option --port");
    assertThat(run("check", "--allow")).isEqualTo(2);
    assertThat(err).contains("--allow needs a value");
  }
}
