package dev.tcpwrap.core.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code match} on real files: tcpdmatch's lines, exit codes, and batch mode; the {@code access:}
 * line against Debian's real tcpdmatch ({@link Tcpdmatch}) run on the same files.
 */
class MatchCommandTest {

  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int match(String allow, String deny, String... args) throws Exception {
    Path a = Files.writeString(dir.resolve("hosts.allow"), allow);
    Path d = Files.writeString(dir.resolve("hosts.deny"), deny);
    String[] all = new String[args.length + 5];
    all[0] = "match";
    all[1] = "--allow";
    all[2] = a.toString();
    all[3] = "--deny";
    all[4] = d.toString();
    System.arraycopy(args, 0, all, 5, args.length);
    return Main.run(
        all,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String output() {
    return out.toString(StandardCharsets.UTF_8).replace(dir + "/", "");
  }

  @Test
  void printsTcpdmatchLinesForAnAddress() throws Exception {
    assertThat(match("sshd: 192.168.1.\n", "ALL: ALL\n", "sshd", "192.168.1.10")).isZero();
    assertThat(output())
        .isEqualTo(
            "client:   address  192.168.1.10\nserver:   process  sshd\n"
                + "matched:  hosts.allow line 1\naccess:   granted\n");
  }

  @Test
  void aByteInABadOptionIsEscapedOnce() throws Exception {
    assertThat(match("sshd: 10.0.0.1: x\u0091y\n", "", "sshd", "10.0.0.1")).isZero();
    assertThat(output()).contains("bad option name: \"x\\xc2\\x91y\"").doesNotContain("\\\\x91");
  }

  @Test
  void showsTheErrorThatDeniesAnUnbracketedIpv6Rule() throws Exception {
    assertThat(match("sshd: 10.0.0.1, 2001:db8::1\n", "", "sshd", "10.0.0.1")).isZero();
    assertThat(output())
        .isEqualTo(
            "client:   address  10.0.0.1\nserver:   process  sshd\n"
                + "matched:  hosts.allow line 1\nerror: hosts.allow, line 1: bad option name: \"db8\"\n"
                + "access:   denied\n");
  }

  @Test
  void showsOptionsExpandedAndTwistAsDelegated() throws Exception {
    assertThat(
            match(
                "sshd: ALL: spawn echo %a %z \\: x: twist /bin/echo %d\n",
                "", "sshd@10.0.0.1", "root@10.0.0.2"))
        .isZero();
    assertThat(output())
        .contains(
            "client:   username root\n",
            "server:   address  10.0.0.1\n",
            "warning: hosts.allow, line 1: unrecognized %z\n",
            "option:   spawn echo 10.0.0.2  : x\n",
            "option:   twist /bin/echo sshd\n")
        .endsWith(
            "access:   delegated (agent: the twist command gets the client, the application never"
                + " sees it (on Tomcat 9's APR connector: refused))\n");
  }

  /** Our access line for the request, and tcpdmatch's word for it in the same folder. */
  private String[] accessAndTcpdmatch(String allow, String deny, String daemon, String client)
      throws Exception {
    out.reset();
    assertThat(match(allow, deny, daemon, client)).isZero();
    List<String> lines = output().lines().toList();
    String ours = lines.get(lines.size() - 1);
    assertThat(ours).startsWith("access:   ");
    return new String[] {
      ours.substring("access:   ".length()), Tcpdmatch.access(dir, daemon, client)
    };
  }

  @ParameterizedTest(name = "{0} | {1} | {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "sshd: 10.0.0.1 | ALL: ALL | 10.0.0.1",
        "sshd: 10.0.0.2 | ALL: ALL | 10.0.0.1",
        "sshd: 10.0.0.1, 2001:db8::1 | '' | 10.0.0.1",
        "sshd: ALL: aclexec /bin/false | '' | 10.0.0.1",
        "sshd: ALL: aclexec /bin/false: allow | ALL: ALL | 10.0.0.1",
        "sshd: ALL: aclexec /bin/false: deny | '' | 10.0.0.1",
        "'' | sshd: ALL: aclexec /bin/false | 10.0.0.1",
        "sshd: ALL: twist /bin/echo hi | ALL: ALL | 10.0.0.1",
        "'' | sshd: ALL: twist /bin/echo hi | 10.0.0.1",
      })
  void saysWhatTcpdmatchSaysWhereTheAgentAgrees(String allow, String deny, String client)
      throws Exception {
    String[] r = accessAndTcpdmatch(allow + "\n", deny + "\n", "sshd", client);
    assertThat(r[0]).startsWith(r[1]).doesNotContain("tcpdmatch would print");
  }

  @Test
  void aclexecInHostsAllowIsDecidedByHostsDenyAndSaysWhatTcpdmatchWouldPrint() throws Exception {
    String[] r =
        accessAndTcpdmatch("sshd: ALL: aclexec /bin/true\n", "ALL: 10.0.0.1\n", "sshd", "10.0.0.1");
    assertThat(r[1]).isEqualTo("granted");
    assertThat(r[0])
        .isEqualTo(
            "denied (agent: aclexec is not run and counts as failed, so hosts.deny line 1"
                + " decides); tcpdmatch would print granted");
    assertThat(output())
        .contains(
            "matched:  hosts.allow line 1\noption:   aclexec /bin/true\n"
                + "matched:  hosts.deny line 1\naccess:   denied");
  }

  @Test
  void aclexecInHostsAllowWithAHostsDenyThatFailsIsDenied() throws Exception {
    // no final newline: libwrap's scan of hosts.deny ends in error, which denies
    String[] r =
        accessAndTcpdmatch("sshd: ALL: aclexec /bin/true\n", "ALL: 10.0.0.9", "sshd", "10.0.0.1");
    assertThat(r[1]).isEqualTo("granted");
    assertThat(r[0])
        .isEqualTo(
            "denied (agent: aclexec is not run and counts as failed, so hosts.deny decides, and it"
                + " cannot be read to its end); tcpdmatch would print granted");
  }

  @Test
  void aclexecInHostsDenyRefusesAsTcpdmatchSays() throws Exception {
    String[] r = accessAndTcpdmatch("", "sshd: ALL: aclexec /bin/false\n", "sshd", "10.0.0.1");
    assertThat(r[1]).isEqualTo("denied");
    assertThat(r[0]).isEqualTo("denied (agent: aclexec is not run and counts as succeeded)");
  }

  @Test
  void nestedPatternFilesMatchAsInTcpdmatchInBoundedTime() throws Exception {
    // 15 files, each naming the next twice: tcpdmatch opens 32,767 of them for 10.0.0.1
    for (int i = 15; i >= 1; i--) {
      Path next = dir.resolve("c" + (i + 1));
      Files.writeString(dir.resolve("c" + i), i == 15 ? "10.0.0.9\n" : next + " " + next + "\n");
    }
    String allow = "sshd: " + dir.resolve("c1") + "\n";
    for (String client : List.of("10.0.0.9", "10.0.0.1")) {
      long start = System.nanoTime();
      String[] r = accessAndTcpdmatch(allow, "ALL: ALL\n", "sshd", client);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
      assertThat(r[0]).as(client).isEqualTo(r[1]);
    }
    assertThat(output()).contains("matched:  hosts.deny line 1");
  }

  @Test
  void batchGivesLibwrapsVerdictWhereTheAgentDiffers() throws Exception {
    // the agent refuses this client (aclexec is not run); libwrap's dry run grants it
    Files.writeString(dir.resolve("hosts.allow"), "sshd: ALL: aclexec /bin/true\n");
    Files.writeString(dir.resolve("hosts.deny"), "ALL: ALL\n");
    assertThat(Tcpdmatch.access(dir, "sshd", "10.0.0.1")).isEqualTo("granted");
    InputStream stdin = System.in;
    try {
      System.setIn(new ByteArrayInputStream("sshd 10.0.0.1\n".getBytes(StandardCharsets.US_ASCII)));
      assertThat(match("sshd: ALL: aclexec /bin/true\n", "ALL: ALL\n", "--batch")).isZero();
    } finally {
      System.setIn(stdin);
    }
    assertThat(output()).isEqualTo("granted hosts.allow:1\n");
  }

  @Test
  void sanitisesWhatItPrints() throws Exception {
    assertThat(match("", "", "sshd", "a;b$(x)@10.0.0.2")).isZero();
    assertThat(output()).contains("client:   username a_b__x_\n").endsWith("access:   granted\n");
  }

  @Test
  void unknownAndParanoidSetTheNameOnly() throws Exception {
    assertThat(match("sshd: PARANOID\n", "ALL: ALL\n", "sshd", "paranoid")).isZero();
    assertThat(output())
        .isEqualTo(
            "client:   hostname paranoid\nserver:   process  sshd\n"
                + "matched:  hosts.allow line 1\naccess:   granted\n");
  }

  @Test
  void usageErrorsExitTwo() throws Exception {
    assertThat(match("", "", "sshd")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: match");
    assertThat(match("", "", "--port", "70000", "sshd", "10.0.0.1")).isEqualTo(2);
  }

  @Test
  void batchAnswersEveryLine() throws Exception {
    InputStream stdin = System.in;
    try {
      System.setIn(
          new ByteArrayInputStream(
              ("sshd 192.168.1.10\nsshd 10.0.0.1\n\nftpd unknown@10.0.0.1 paranoid\n"
                      + "sshd@10.0.0.9 10.0.0.1\nbroken\n")
                  .getBytes(StandardCharsets.US_ASCII)));
      int rc =
          match(
              "sshd: 192.168.1.\nftpd: PARANOID\n22@10.0.0.9: ALL\n",
              "ALL: ALL\n",
              "--port",
              "22",
              "--batch");
      assertThat(rc).as("a malformed line makes the exit status 2").isEqualTo(2);
    } finally {
      System.setIn(stdin);
    }
    assertThat(output())
        .isEqualTo(
            "granted hosts.allow:1\ndenied hosts.deny:1\ngranted hosts.allow:2\n"
                + "granted hosts.allow:3\n"
                + "error: stdin, line 6: expected DAEMON[@SERVER] [USER@]CLIENT_ADDRESS [HOSTNAME]\n");
  }
}
