package dev.tcpwrap.core.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Splits a rule file into logical lines exactly as Debian libwrap's {@code xgets()} does.
 *
 * <p>The details matter because they decide verdicts: a backslash right before LF joins lines
 * (before CRLF it does not), the logical line buffer holds 2047 characters, and a NUL byte silently
 * ends the text of its physical line (C's {@code strlen}), joining what follows to the next line.
 */
public final class LineReader {

  /** libwrap's {@code BUFLEN}: a logical line holds at most this many bytes minus one. */
  public static final int BUFLEN = 2048;

  private LineReader() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /** All logical lines of the content; reading stops after the first unterminated one. */
  public static List<LogicalLine> read(byte[] content) {
    List<LogicalLine> lines = new ArrayList<>();
    scan(content, lines::add);
    return lines;
  }

  /**
   * The logical lines of {@link #read}, one at a time: a million-line file is not a million strings
   * at once.
   */
  public static void scan(byte[] content, Consumer<LogicalLine> each) {
    int[] pos = {0};
    int[] lineNo = {0};
    while (true) {
      LogicalLine l = next(content, pos, lineNo);
      if (l == null) {
        return;
      }
      each.accept(l);
      if (!l.terminated()) {
        return;
      }
    }
  }

  /**
   * The index of the newline ending the physical line at {@code from} when that line is, on its
   * own, one terminated logical line with nothing special about it: shorter than the buffer (so one
   * {@code fgets} reads it whole), no NUL byte, not continued by a backslash. -1 otherwise (then
   * {@link #next} reads it).
   */
  static int plainLineEnd(byte[] b, int from) {
    int limit = Math.min(b.length, from + BUFLEN - 1);
    for (int i = from; i < limit; i++) {
      byte c = b[i];
      if (c == '\n') {
        return i > from && b[i - 1] == '\\' ? -1 : i;
      }
      if (c == 0) {
        return -1;
      }
    }
    return -1;
  }

  /** One {@code xgets(buf, BUFLEN, fp)} call; null at end of file. */
  static LogicalLine next(byte[] b, int[] pos, int[] lineNo) {
    StringBuilder sb = new StringBuilder();
    int len = BUFLEN;
    while (len > 1 && pos[0] < b.length) {
      // fgets(ptr, len, fp): up to len-1 bytes, through the first newline
      int start = pos[0];
      int end = start;
      while (end < b.length && end - start < len - 1) {
        if (b[end++] == '\n') {
          break;
        }
      }
      pos[0] = end;
      int got = 0;
      while (start + got < end && b[start + got] != 0) {
        got++;
      }
      if (got >= 1 && b[start + got - 1] == '\n') {
        lineNo[0]++;
        if (got >= 2 && b[start + got - 2] == '\\') {
          got -= 2;
        } else {
          append(sb, b, start, got);
          return new LogicalLine(sb.toString(), lineNo[0], true);
        }
      }
      append(sb, b, start, got);
      len -= got;
    }
    return sb.length() > 0 ? new LogicalLine(sb.toString(), lineNo[0], false) : null;
  }

  private static void append(StringBuilder sb, byte[] b, int from, int count) {
    for (int i = 0; i < count; i++) {
      sb.append((char) (b[from + i] & 0xff));
    }
  }
}
