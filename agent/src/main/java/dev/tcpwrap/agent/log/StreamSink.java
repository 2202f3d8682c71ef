package dev.tcpwrap.agent.log;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Standard error or standard output, by file descriptor (the application may replace {@code
 * System.err}).
 */
final class StreamSink implements LogSink {

  private final OutputStream out;
  private final String name;
  private final long pid;
  private String failure;

  private StreamSink(OutputStream out, String name, long pid) {
    this.out = out;
    this.name = name;
    this.pid = pid;
  }

  /**
   * @return a sink writing to file descriptor 2
   */
  static StreamSink stderr(long pid) {
    return new StreamSink(new FileOutputStream(FileDescriptor.err), "stderr", pid);
  }

  /**
   * @return a sink writing to file descriptor 1
   */
  static StreamSink stdout(long pid) {
    return new StreamSink(new FileOutputStream(FileDescriptor.out), "stdout", pid);
  }

  /**
   * @return a sink writing to any stream (tests)
   */
  static StreamSink of(OutputStream out, String name, long pid) {
    return new StreamSink(out, name, pid);
  }

  @Override
  public int write(List<LogRecord> batch) {
    if (batch.isEmpty()) {
      return 0;
    }
    StringBuilder sb = new StringBuilder(batch.size() * 80);
    for (LogRecord r : batch) {
      sb.append(r.format(pid)).append('\n');
    }
    try {
      out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      failure = null;
      return 0;
    } catch (IOException | RuntimeException e) {
      failure = e.getMessage() != null ? e.getMessage() : e.toString();
      return batch.size();
    }
  }

  @Override
  public String failure() {
    return failure;
  }

  @Override
  public String describe() {
    return name;
  }
}
