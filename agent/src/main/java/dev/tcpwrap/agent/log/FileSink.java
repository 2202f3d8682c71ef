package dev.tcpwrap.agent.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;

/**
 * A log file, opened for appending ({@code O_APPEND}) and safe under log rotation:
 *
 * <ul>
 *   <li>{@code copytruncate}: every write goes to the current end of the file, so after a
 *       truncation the next line lands at offset 0 (no hole of zeros);
 *   <li>rename or delete ({@code logrotate}'s default {@code create}): before each batch the path
 *       is looked at; if it no longer names the file we hold open, the file is reopened (created if
 *       need be).
 * </ul>
 *
 * Each line starts with an ISO-8601 local time stamp, since a plain file has no syslog to add one.
 */
final class FileSink implements LogSink {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneId.systemDefault());

  private final Path path;
  private final long pid;
  private FileChannel channel;
  private Object fileKey;
  private int reopened;
  private String failure;

  private FileSink(Path path, long pid) {
    this.path = path;
    this.pid = pid;
  }

  /**
   * Opens the file (creating it) for appending.
   *
   * @throws IOException if it cannot be opened: a configuration error at start-up
   */
  static FileSink open(Path path, long pid) throws IOException {
    FileSink s = new FileSink(path, pid);
    s.reopen();
    return s;
  }

  private void reopen() throws IOException {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // the old file is gone from our point of view either way
      }
      channel = null;
    }
    channel =
        FileChannel.open(
            path, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    fileKey = keyOf(path);
  }

  private static Object keyOf(Path p) throws IOException {
    return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
  }

  // true if the path no longer names the open file (renamed away, deleted, replaced)
  private boolean rotated() {
    try {
      Object now = keyOf(path);
      return fileKey != null && !Objects.equals(now, fileKey);
    } catch (NoSuchFileException e) {
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * @return how often the file was reopened after rotation
   */
  int reopened() {
    return reopened;
  }

  @Override
  public int write(List<LogRecord> batch) {
    if (batch.isEmpty()) {
      return 0;
    }
    StringBuilder sb = new StringBuilder(batch.size() * 110);
    for (LogRecord r : batch) {
      TIME.formatTo(Instant.ofEpochMilli(r.millis()), sb);
      sb.append(' ').append(r.format(pid)).append('\n');
    }
    ByteBuffer bytes = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
    try {
      if (channel == null || rotated()) {
        reopen();
        reopened++;
      }
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      failure = null;
      return 0;
    } catch (IOException | RuntimeException e) {
      failure = e.getMessage() != null ? e.getMessage() : e.toString();
      try {
        if (channel != null) {
          channel.close();
        }
      } catch (IOException ignored) {
        // try again with the next batch
      }
      channel = null;
      return batch.size();
    }
  }

  @Override
  public String failure() {
    return failure;
  }

  @Override
  public String describe() {
    return "file " + path;
  }
}
