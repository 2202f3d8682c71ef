package dev.tcpwrap.core.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check} and {@code match} on a million-line blocklist (issue 10's mix, with duplicate lines
 * and a few lines only the general parser reads) in a JVM of their own with {@code -Xmx256m}: they
 * finish, and say what they say on a small file; {@code check} stays a screenful. How long they
 * take is a benchmark figure (docs/benchmarks.md), not asserted here.
 */
class ToolsAtScaleTest {

  private static final int RULES = 1_000_000;

  @TempDir static Path dir;
  private static Path allow;
  private static Path deny;

  @BeforeAll
  static void files() throws IOException {
    allow = Files.writeString(dir.resolve("hosts.allow"), "sshd: 10.9.8.7\n");
    deny = dir.resolve("hosts.deny");
    SplittableRandom rnd = new SplittableRandom(10);
    List<String> recent = new ArrayList<>();
    try (OutputStream out = Files.newOutputStream(deny)) {
      StringBuilder sb = new StringBuilder(1 << 16);
      for (int i = 1; i <= RULES; i++) {
        String line;
        if (i == 500_000) {
          line = "in.telnetd: .example.com: spawn echo %a\n"; // the general parser's
        } else if (i == RULES) {
          line = "ALL: 192.0.2.77\n";
        } else if (i % 1000 == 0 && !recent.isEmpty()) {
          line = recent.get(rnd.nextInt(recent.size())); // a ban written twice
        } else {
          line = blocklistLine(rnd);
          if (recent.size() < 100) {
            recent.add(line);
          }
        }
        sb.append(line);
        if (sb.length() > 60_000) {
          out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
          sb.setLength(0);
        }
      }
      out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    }
  }

  /** 70 % {@code ALL: a.b.c.d}, 20 % {@code sshd: a.b.c.0/24}, 10 % {@code ALL: [2001:db8:…]}. */
  private static String blocklistLine(SplittableRandom rnd) {
    int kind = rnd.nextInt(10);
    if (kind < 7) {
      return "ALL: "
          + (11 + rnd.nextInt(180))
          + "."
          + rnd.nextInt(256)
          + "."
          + rnd.nextInt(256)
          + "."
          + (1 + rnd.nextInt(254))
          + "\n";
    }
    if (kind < 9) {
      return "sshd: "
          + (11 + rnd.nextInt(180))
          + "."
          + rnd.nextInt(256)
          + "."
          + rnd.nextInt(256)
          + ".0/24\n";
    }
    return "ALL: [2001:db8:"
        + Integer.toHexString(rnd.nextInt(0x10000))
        + "::"
        + Integer.toHexString(1 + rnd.nextInt(0xffff))
        + "]\n";
  }

  @Test
  void checkFinishesInAQuarterGigabyteAndCountsRepeatedFindings() throws Exception {
    Result r = tool("check", "--allow", allow.toString(), "--deny", deny.toString());
    assertThat(r.status).as(r.out).isEqualTo(1); // warnings: the duplicate lines
    List<String> lines = r.out.lines().toList();
    assertThat(lines)
        .as(r.out)
        .anyMatch(
            l ->
                l.matches(
                    "warning: .*hosts\\.deny: [0-9,]+ lines repeat an earlier rule and are never"
                        + " reached .*"));
    assertThat(lines.stream().filter(l -> l.contains("never reached"))).hasSize(1);
    assertThat(lines.size()).as(r.out).isLessThan(20);
  }

  @Test
  void matchFindsTheLastLineInAQuarterGigabyte() throws Exception {
    Result r =
        tool("match", "--allow", allow.toString(), "--deny", deny.toString(), "sshd", "192.0.2.77");
    assertThat(r.status).as(r.out).isZero();
    assertThat(r.out).contains("matched:  " + deny + " line " + RULES).contains("access:   denied");
    Result allowed =
        tool("match", "--allow", allow.toString(), "--deny", deny.toString(), "sshd", "10.9.8.7");
    assertThat(allowed.out).contains("access:   granted");
  }

  private record Result(int status, String out) {}

  /** The tool in a JVM of its own with 256 MB of heap. */
  private static Result tool(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(List.of(args));
    Path out = dir.resolve("out-" + System.nanoTime());
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("still running after 5 minutes: " + cmd);
    }
    String text = Files.readString(out, StandardCharsets.ISO_8859_1);
    assertThat(text).doesNotContain("OutOfMemoryError").doesNotContain("internal error");
    return new Result(p.exitValue(), text);
  }
}
