package dev.tcpwrap.core.lint;

import static dev.tcpwrap.core.lint.LintFixtures.assertDiagnostics;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.core.files.RuleFileReader;
import dev.tcpwrap.core.rules.RuleTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /file} pattern lists on the real file system, read as the agent reads them: files that are
 * not regular, loops, deep and costly chains, problems of nested files.
 */
class PatternFileFilesTest {

  @TempDir Path dir;

  private LintReport lint(String rules) {
    return LintFixtures.report(RuleTable.Role.DENY, rules, LintEnvironment.system());
  }

  private static void mkfifo(Path p) throws Exception {
    assertThat(new ProcessBuilder("mkfifo", p.toString()).start().waitFor()).isZero();
  }

  @Test
  void aFifoIsAnErrorAndIsNeverOpened() throws Exception {
    Path fifo = dir.resolve("fifo");
    mkfifo(fifo);
    long start = System.nanoTime();
    LintReport r = lint("sshd: " + fifo + "\n");
    // opening it would have blocked until a writer came
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    assertDiagnostics(
        r.diagnostics(),
        List.of(
            "E1 open "
                + fifo
                + ": not a regular file (a FIFO) (the agent reads only regular"
                + " files, so the pattern matches nothing"));
    assertThat(r.exitStatus()).isEqualTo(2);
  }

  @Test
  void devicesDirectoriesAndDevNull() {
    assertDiagnostics(
        lint("sshd: /dev/zero /dev/null " + dir + "\n").diagnostics(),
        List.of(
            "E1 open /dev/zero: not a regular file (a character device) ~ libwrap would wait on a"
                + " FIFO or socket, and read a device without end",
            "W1 open /dev/null: not a regular file (a character device) ~ as it does in libwrap,"
                + " which reads it as empty",
            "W1 open " + dir + ": Is a directory ~ as it does in libwrap"));
  }

  @Test
  void aFileThatIncludesItself() throws Exception {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    Files.writeString(a, "10.0.0.1 " + b + "\n");
    Files.writeString(b, "10.0.0.2\n" + a + "\n");
    Path c = Files.writeString(dir.resolve("c"), b + "\n");
    LintReport r = lint("sshd: 10.0.0.3\nsshd: " + a + "\nftpd: " + b + "\nfingerd: " + c + "\n");
    assertDiagnostics(
        r.diagnostics(),
        List.of(
            "E2 pattern file "
                + a
                + " includes itself: "
                + a
                + " -> "
                + b
                + " -> "
                + a
                + " (the agent denies every client whose check reaches the loop",
            "E3 pattern file " + b + " includes itself: " + b + " -> " + a + " -> " + b,
            "E4 pattern file " + c + " leads into a loop: " + a + " -> " + b + " -> " + a));
  }

  /** {@code c1} .. {@code c<depth>}: each names the next {@code fanOut} times. */
  private Path chain(int depth, int fanOut) throws Exception {
    for (int i = depth; i >= 1; i--) {
      String text =
          i == depth ? "10.0.0.9\n" : (dir.resolve("c" + (i + 1)) + " ").repeat(fanOut) + "\n";
      Files.writeString(dir.resolve("c" + i), text);
    }
    return dir.resolve("c1");
  }

  @Test
  void aChainFifteenDeep() throws Exception {
    Path top = chain(15, 1);
    assertDiagnostics(
        lint("sshd: " + top + "\n").diagnostics(),
        List.of(
            "W1 pattern files nested 15 deep: "
                + top
                + " -> "
                + dir.resolve("c2")
                + " -> "
                + dir.resolve("c3")
                + " -> ... (9 more) -> "
                + dir.resolve("c13")
                + " ~ more than 8 levels"));
    assertDiagnostics(lint("sshd: " + chain(8, 1) + "\n").diagnostics(), List.of());
  }

  @Test
  void aChainThatNamesEachFileAgainIsCostlyInLibwrap() throws Exception {
    Path top = chain(6, 4);
    long start = System.nanoTime();
    LintReport r = lint("sshd: " + top + "\n");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    // 1 + 4 + 16 + 64 + 256 + 1024 opens when nothing matches
    assertDiagnostics(
        r.diagnostics(),
        List.of(
            "W1 "
                + top
                + ": libwrap opens pattern files 1365 times for one client none of them"
                + " matches"));
  }

  @Test
  void aChainDeeperThanTheAgentGoesIsAnError() throws Exception {
    Path top = chain(PatternFileGraph.MAX_AGENT_DEPTH + 1, 1);
    assertDiagnostics(
        lint("sshd: " + top + "\n").diagnostics(),
        List.of(
            "E1 pattern files nested "
                + (PatternFileGraph.MAX_AGENT_DEPTH + 1)
                + " deep ~ the agent denies every client whose check goes deeper than "
                + PatternFileGraph.MAX_AGENT_DEPTH));
  }

  @Test
  void problemsOfNestedFilesNameTheFileThatNamesThem() throws Exception {
    Path fifo = dir.resolve("fifo");
    mkfifo(fifo);
    Path list = dir.resolve("list");
    Path inner = Files.writeString(dir.resolve("inner"), "# blocked\n10.0.0.1\n");
    Files.writeString(list, fifo + " " + dir.resolve("gone") + " " + inner + "\n");
    assertDiagnostics(
        lint("sshd: " + list + "\nftpd: " + list + "\n").diagnostics(),
        List.of(
            "E1 "
                + fifo
                + " (named in "
                + list
                + "): open "
                + fifo
                + ": not a regular file (a FIFO)",
            "W1 " + dir.resolve("gone") + " (named in " + list + "): no such pattern file",
            "W1 " + inner + ", line 1: pattern files have no comments"));
  }

  @Test
  void aBlocklistOfManyFilesIsReadBoundedly() throws Exception {
    StringBuilder top = new StringBuilder();
    for (int i = 0; i < PatternFileGraph.MAX_FILES + 10; i++) {
      Path p =
          Files.writeString(dir.resolve("l" + i), "10.1." + (i / 250) + "." + (i % 250) + "\n");
      top.append(p).append('\n');
    }
    Path list = Files.writeString(dir.resolve("all"), top);
    assertDiagnostics(
        lint("sshd: " + list + "\n").diagnostics(),
        List.of(
            "W1 more than "
                + PatternFileGraph.MAX_FILES
                + " pattern files: the rest were not"
                + " checked",
            "W1 " + list + ": libwrap opens pattern files"));
  }

  @Test
  void aFileNameTheAgentCannotOpenIsAnError() {
    String token = dir + "/list\u0091";
    assertDiagnostics(
        lint("sshd: " + token + "\n").diagnostics(),
        List.of(
            "E1 open "
                + token
                + ": the JVM cannot open a file by this name ~ the agent cannot open it, so the"
                + " pattern matches nothing, where libwrap reads it"));
  }

  @Test
  void aFileOverTheAgentsLimitIsAnError() throws Exception {
    Path big = Files.writeString(dir.resolve("big"), "10.0.0.1 10.0.0.2 10.0.0.3\n");
    RuleFileReader.setLimit(10);
    try {
      assertDiagnostics(
          lint("sshd: " + big + "\n").diagnostics(),
          List.of(
              "E1 open "
                  + big
                  + ": larger than the limit of 10 bytes ~ the agent does not read it,"
                  + " so the pattern matches nothing"));
    } finally {
      RuleFileReader.setLimit(RuleFileReader.DEFAULT_LIMIT);
    }
  }

  @Test
  void aFileNamingAnotherAMillionTimesIsCountedNotListed() throws Exception {
    Path leaf = Files.writeString(dir.resolve("leaf"), "10.0.0.1\n");
    Path big = Files.writeString(dir.resolve("big"), (leaf + "\n").repeat(1_000_000));
    long start = System.nanoTime();
    assertDiagnostics(
        lint("sshd: " + big + "\n").diagnostics(),
        List.of("W1 " + big + ": libwrap opens pattern files 1000001 times"));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }
}
