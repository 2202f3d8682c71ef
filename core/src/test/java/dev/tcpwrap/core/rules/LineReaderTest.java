package dev.tcpwrap.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** libwrap's xgets(): continuation, line numbers, the 2047-byte buffer, NUL bytes. */
class LineReaderTest {

  private static List<LogicalLine> read(String s) {
    return LineReader.read(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void joinsBackslashNewlineAndCountsPhysicalLines() {
    List<LogicalLine> l = read("a,\\\nb\nc\n");
    assertThat(l)
        .containsExactly(new LogicalLine("a,b\n", 2, true), new LogicalLine("c\n", 3, true));
  }

  @Test
  void backslashBeforeCrLfDoesNotContinue() {
    assertThat(read("a\\\r\nb\n")).hasSize(2);
  }

  @Test
  void unterminatedLastLineKeepsPreviousCount() {
    assertThat(read("x\nsshd: 1"))
        .containsExactly(new LogicalLine("x\n", 1, true), new LogicalLine("sshd: 1", 1, false));
    assertThat(read("sshd: 1")).containsExactly(new LogicalLine("sshd: 1", 0, false));
  }

  @Test
  void lineOf2047BytesFitsAndOf2048DoesNot() {
    assertThat(read("a".repeat(2046) + "\n"))
        .singleElement()
        .extracting(LogicalLine::terminated)
        .isEqualTo(true);
    List<LogicalLine> l = read("a".repeat(2047) + "\nb\n");
    assertThat(l).singleElement().extracting(LogicalLine::terminated).isEqualTo(false);
  }

  @Test
  void continuedLinesShareTheBuffer() {
    String half = "a".repeat(1500);
    assertThat(read(half + "\\\n" + half + "\n"))
        .singleElement()
        .extracting(LogicalLine::terminated)
        .isEqualTo(false);
  }

  @Test
  void nulEndsThePhysicalLineText() {
    // fgets reads "ab\0cd\n", strlen sees "ab": no newline, so the next physical line joins it
    List<LogicalLine> l = read("ab\0cd\nef\n");
    assertThat(l).containsExactly(new LogicalLine("abef\n", 1, true));
  }

  @Test
  void emptyFileHasNoLines() {
    assertThat(read("")).isEmpty();
  }
}
