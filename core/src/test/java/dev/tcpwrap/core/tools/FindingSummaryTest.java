package dev.tcpwrap.core.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check} on blocklists: a few findings of each kind, then a count of the rest. */
class FindingSummaryTest {

  @TempDir Path dir;

  private List<String> check(String deny, String... extra) throws Exception {
    Path a = Files.writeString(dir.resolve("hosts.allow"), "");
    Path d = Files.writeString(dir.resolve("hosts.deny"), deny);
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    String[] args = {"check", "--allow", a.toString(), "--deny", d.toString()};
    if (extra.length > 0) {
      args = new String[] {"check", "--allow", a.toString(), "--deny", d.toString(), extra[0]};
    }
    Main.run(args, new PrintStream(o, true, StandardCharsets.UTF_8), System.err);
    return o.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void repeatedLinesAreOneLine() throws Exception {
    // nine repetitions of line 1 and one bad mask (another kind)
    String deny = "ALL: 10.0.0.1\n".repeat(10) + "ALL: 10.0.0.5/24\n";
    List<String> out = check(deny);
    String file = dir.resolve("hosts.deny").toString();
    assertThat(out)
        .containsExactly(
            "warning: "
                + file
                + ": 9 lines repeat an earlier rule and are never reached (the first: line 2"
                + " repeats line 1); remove them (check -v shows each)",
            out.get(1));
    assertThat(out.get(1)).contains("line 11:");
  }

  @Test
  void repeatedFindingsAreShownThreeTimesThenCounted() throws Exception {
    // a catch-all, then six rules it shadows (not repetitions) and a repetition
    String deny =
        "ALL: ALL\n"
            + "ALL: 10.0.0.1\nALL: 10.0.0.2\nALL: 10.0.0.3\nALL: 10.0.0.4\nALL: 10.0.0.5\n"
            + "ALL: 10.0.0.6\nALL: ALL\n";
    List<String> out = check(deny);
    String file = dir.resolve("hosts.deny").toString();
    assertThat(out.stream().filter(l -> l.contains("rule is never reached"))).hasSize(4);
    assertThat(out).contains("warning: " + file + ": ... and 3 more like this");
    assertThat(out).anyMatch(l -> l.contains("line 8:") && l.contains("never reached"));
    assertThat(out).hasSize(5);
  }

  @Test
  void oneMoreIsShownNotCounted() throws Exception {
    List<String> out =
        check("ALL: ALL\nALL: 10.0.0.1\nALL: 10.0.0.2\nALL: 10.0.0.3\nALL: 10.0.0.4\n");
    assertThat(out).hasSize(4).allMatch(l -> l.contains("rule is never reached"));
  }

  @Test
  void verboseShowsEveryFinding() throws Exception {
    List<String> out = check("ALL: 10.0.0.1\n".repeat(10), "-v");
    assertThat(out.stream().filter(l -> l.contains("rule is never reached"))).hasSize(9);
  }
}
