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
  void repeatedFindingsAreShownThreeTimesThenCounted() throws Exception {
    // nine duplicates of line 1 (nine findings of one kind) and one bad mask (another kind)
    String deny = "ALL: 10.0.0.1\n".repeat(10) + "ALL: 10.0.0.5/24\n";
    List<String> out = check(deny);
    String file = dir.resolve("hosts.deny").toString();
    assertThat(out.stream().filter(l -> l.contains("rule is never reached"))).hasSize(3);
    assertThat(out).contains("warning: " + file + ": ... and 6 more like this");
    assertThat(out).anyMatch(l -> l.contains("line 11:"));
    assertThat(out).hasSize(5);
  }

  @Test
  void oneMoreIsShownNotCounted() throws Exception {
    List<String> out = check("ALL: 10.0.0.1\n".repeat(5));
    assertThat(out).hasSize(4).allMatch(l -> l.contains("rule is never reached"));
  }

  @Test
  void verboseShowsEveryFinding() throws Exception {
    List<String> out = check("ALL: 10.0.0.1\n".repeat(10), "-v");
    assertThat(out.stream().filter(l -> l.contains("rule is never reached"))).hasSize(9);
  }
}
