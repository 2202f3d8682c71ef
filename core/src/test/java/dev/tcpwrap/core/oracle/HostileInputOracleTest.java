package dev.tcpwrap.core.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.core.access.AccessControl;
import dev.tcpwrap.core.tools.BatchMatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rule files an attacker or a careless operator could produce, decided by the engine and by the
 * real libwrap: the verdicts must agree (RELIABILITY.md lists these cases).
 */
class HostileInputOracleTest {

  private static LibwrapOracle oracle;

  @TempDir Path dir;

  private static final List<String> REQUESTS =
      List.of("sshd 10.0.0.1", "sshd 10.0.0.2", "in.ftpd 192.0.2.7", "sshd 2001:db8::1");

  @BeforeAll
  static void compile() throws Exception {
    oracle = LibwrapOracle.compile();
  }

  /** The requests on which the engine and libwrap disagree, each with both verdicts. */
  private List<String> disagreements(byte[] allow, byte[] deny) throws Exception {
    Path a = Files.write(dir.resolve("hosts.allow"), allow);
    Path d = Files.write(dir.resolve("hosts.deny"), deny);
    List<String> expected = oracle.run(a, d, -1, REQUESTS, dir);
    BatchMatch engine = new BatchMatch(AccessControl.load(a, d), -1);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < REQUESTS.size(); i++) {
      String actual = engine.decide(REQUESTS.get(i));
      if (!actual.equals(expected.get(i))) {
        out.add(REQUESTS.get(i) + ": libwrap " + expected.get(i) + ", tcpwrap " + actual);
      }
    }
    return out;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void exceptNestedAThousandLevelsDeep() throws Exception {
    for (int levels : new int[] {999, 1000}) {
      String chain = "ALL" + " EXCEPT ALL".repeat(levels);
      assertThat(disagreements(ascii(""), ascii("sshd: " + chain + "\nALL: 10.0.0.2\n"))).isEmpty();
      assertThat(disagreements(ascii("ALL: " + chain + "\n"), ascii("ALL: ALL\n"))).isEmpty();
    }
  }

  @Test
  void aTenMegabyteLine() throws Exception {
    String huge = "sshd: " + "10.0.0.9 ".repeat(10 * 1024 * 1024 / 9) + "\n";
    assertThat(disagreements(ascii(""), ascii("ALL: 10.0.0.2\n" + huge + "ALL: 10.0.0.1\n")))
        .isEmpty();
    assertThat(disagreements(ascii(huge + "ALL: 10.0.0.1\n"), ascii("ALL: ALL\n"))).isEmpty();
  }

  @Test
  void randomBytes() throws Exception {
    Random rnd = new Random(12);
    for (int i = 0; i < 20; i++) {
      byte[] junk = new byte[1 + rnd.nextInt(64 * 1024)];
      rnd.nextBytes(junk);
      assertThat(disagreements(ascii(""), junk)).as("file %d as hosts.deny", i).isEmpty();
      assertThat(disagreements(junk, ascii("ALL: 10.0.0.2\n")))
          .as("file %d as hosts.allow", i)
          .isEmpty();
    }
  }
}
