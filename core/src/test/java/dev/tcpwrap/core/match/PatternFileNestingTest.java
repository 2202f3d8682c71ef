package dev.tcpwrap.core.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpwrap.core.access.FileMatchEnvironment;
import dev.tcpwrap.core.diag.Diagnostics;
import dev.tcpwrap.core.diag.RuleError;
import dev.tcpwrap.core.request.Endpoint;
import dev.tcpwrap.core.request.Request;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /file} words that name further pattern files, on real files: libwrap's verdicts (it
 * recurses into each), at the cost of one read per file and evaluation, loops denied.
 */
class PatternFileNestingTest {

  @TempDir Path dir;

  /** The real file system, counting the pattern file reads. */
  private final AtomicInteger reads = new AtomicInteger();

  private final FileMatchEnvironment files = new FileMatchEnvironment(Path.of("/nonexistent"));

  private final MatchEnvironment counting =
      new MatchEnvironment() {
        @Override
        public List<String> patternFile(String path) throws IOException {
          reads.incrementAndGet();
          return files.patternFile(path);
        }

        @Override
        public boolean inNetgroup(String group, String host) {
          return files.inNetgroup(group, host);
        }
      };

  private boolean matches(Path file, String address) throws RuleError {
    Request r =
        Request.ofStrings("sshd", Endpoint.ofStrings(address, null, -1), Endpoint.unknown(), null);
    return HostPattern.of(file.toString())
        .matches(r.client(), new Evaluation(r, counting, Diagnostics.NONE));
  }

  /**
   * {@code f1} .. {@code f<depth>}: each names the next {@code fanOut} times, the last lists
   * 10.0.0.9.
   */
  private Path chain(int depth, int fanOut) throws IOException {
    for (int i = depth; i >= 1; i--) {
      String text =
          i == depth
              ? "10.0.0.9\n"
              : (dir.resolve("f" + (i + 1)) + " ").repeat(fanOut).strip() + "\n";
      Files.writeString(dir.resolve("f" + i), text);
    }
    return dir.resolve("f1");
  }

  @Test
  void aChainThatNamesEachFileFourTimesIsReadOncePerFile() throws Exception {
    // libwrap opens 4^14 files for a client no file lists; before, so did the engine (for hours)
    Path top = chain(15, 4);
    long start = System.nanoTime();
    assertThat(matches(top, "10.0.0.1")).isFalse();
    assertThat(reads.get()).isEqualTo(15);
    assertThat(matches(top, "10.0.0.9")).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void nestingDeeperThanTheOldBoundMatchesAsInLibwrap() throws Exception {
    // the engine used to deny at 17 levels; libwrap recurses and matches
    assertThat(matches(chain(40, 1), "10.0.0.9")).isTrue();
    assertThat(matches(chain(HostPattern.MAX_FILE_DEPTH, 1), "10.0.0.9")).isTrue();
  }

  @Test
  void nestingBeyondTheBoundIsAnError() throws Exception {
    Path top = chain(HostPattern.MAX_FILE_DEPTH + 1, 1);
    assertThatThrownBy(() -> matches(top, "10.0.0.9"))
        .isInstanceOf(RuleError.class)
        .hasMessageContaining("nested deeper than " + HostPattern.MAX_FILE_DEPTH);
  }

  @Test
  void aLoopIsAnErrorOnItsFirstTurn() throws Exception {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    Files.writeString(a, "10.0.0.5 " + b + "\n");
    Files.writeString(b, a + " " + a + " " + a + "\n");
    assertThatThrownBy(() -> matches(a, "10.0.0.1"))
        .isInstanceOf(RuleError.class)
        .hasMessage(
            "pattern file "
                + a
                + " includes itself ("
                + a
                + " -> "
                + b
                + " -> "
                + a
                + "): libwrap recurses until it crashes; denied");
    assertThat(reads.get()).isEqualTo(2);
  }

  @Test
  void aLoopBehindAMatchingWordIsNeverReached() throws Exception {
    // libwrap stops at the first word that matches, so it never recurses either
    Path a = dir.resolve("a");
    Files.writeString(a, "10.0.0.5 " + a + "\n");
    assertThat(matches(a, "10.0.0.5")).isTrue();
  }

  @Test
  void aFileNamedTwiceGivesTheSameAnswerBothTimes() throws Exception {
    Path list = Files.writeString(dir.resolve("list"), "10.0.0.7\n");
    Path top = Files.writeString(dir.resolve("top"), list + " 10.0.0.8 " + list + "\n");
    assertThat(matches(top, "10.0.0.7")).isTrue();
    assertThat(matches(top, "10.0.0.8")).isTrue();
    assertThat(matches(top, "10.0.0.1")).isFalse();
  }

  @Test
  void aFileNameTheJvmCannotSpellMatchesNothingWithAWarningNotAnError() throws Exception {
    // byte 0x91 alone is no UTF-8 and no ASCII: Java cannot open the file libwrap would open
    String token = dir + "/list\u0091";
    List<String> warnings = new java.util.ArrayList<>();
    Request r =
        Request.ofStrings(
            "sshd", Endpoint.ofStrings("10.0.0.7", null, -1), Endpoint.unknown(), null);
    Evaluation ev = new Evaluation(r, counting, d -> warnings.add(d.message()));
    assertThat(HostPattern.of(token).matches(r.client(), ev)).isFalse();
    assertThat(warnings).containsExactly("open " + token + ": " + PatternFileName.why());
    assertThat(reads.get()).isZero();
  }

  @Test
  void aUtf8FileNameOpensTheFileLibwrapOpens() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        "UTF-8".equals(System.getProperty("sun.jnu.encoding")), "a UTF-8 JVM");
    Files.writeString(dir.resolve("liste\u00e9"), "10.0.0.7\n");
    // the rule file's bytes for "listeé" in UTF-8, one char per byte as the engine reads them
    String token =
        new String(
            (dir + "/liste\u00e9").getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    Request r =
        Request.ofStrings(
            "sshd", Endpoint.ofStrings("10.0.0.7", null, -1), Endpoint.unknown(), null);
    assertThat(
            HostPattern.of(token)
                .matches(r.client(), new Evaluation(r, counting, Diagnostics.NONE)))
        .isTrue();
  }
}
