package dev.tcpwrap.core.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads rule and pattern files so that no file can hang or exhaust the reader: only regular files
 * are opened (a FIFO would block {@code open()} until a writer comes, {@code /dev/zero} never
 * ends), at most {@link #limit()} bytes are read, and the open and read run on a thread of their
 * own that the caller waits for at most {@link #TIMEOUT}: a FIFO renamed over the file between the
 * look and the open leaves that one thread behind, never the caller. The file's stamp before and
 * after the read must agree, so a file being rewritten is never taken half-written.
 */
public final class RuleFileReader {

  /** Default largest file read: far above any real blocklist (the largest known is 2.4 MB). */
  public static final long DEFAULT_LIMIT = 64L << 20;

  /** The longest a caller waits for one open and read. */
  public static final Duration TIMEOUT = Duration.ofSeconds(2);

  private static volatile long limit = DEFAULT_LIMIT;

  // reads that did not return in time, by path: never a second thread stuck on the same file
  private static final Map<Path, Thread> STUCK = new ConcurrentHashMap<>();

  private RuleFileReader() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /** The largest file read, in bytes. */
  public static long limit() {
    return limit;
  }

  /** Sets the largest file read (the agent's {@code max-file-size}). */
  public static void setLimit(long bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("limit must be positive: " + bytes);
    }
    limit = bytes;
  }

  /** Reads {@code path}; never throws, never blocks for longer than {@link #TIMEOUT}. */
  public static FileRead read(Path path) {
    BasicFileAttributes before;
    try {
      before = Files.readAttributes(path, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return FileRead.missing();
    } catch (IOException | SecurityException e) {
      return FileRead.not(FileRead.Outcome.UNREADABLE, reason(e));
    }
    if (!before.isRegularFile()) {
      return FileRead.not(FileRead.Outcome.UNREADABLE, notRegular(path, before));
    }
    long max = limit;
    if (before.size() > max) {
      return FileRead.not(FileRead.Outcome.UNREADABLE, tooLarge(max));
    }
    FileStamp stamp = FileStamp.of(path);
    Thread stuck = STUCK.get(path);
    if (stuck != null) {
      if (stuck.isAlive()) {
        return FileRead.not(
            FileRead.Outcome.FAILED, "an earlier read has not returned (was it a FIFO?)");
      }
      STUCK.remove(path, stuck);
    }
    Reading r = new Reading(path, max);
    Thread t = new Thread(r, "tcpwrap-read");
    t.setDaemon(true);
    t.start();
    try {
      t.join(TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return FileRead.not(FileRead.Outcome.FAILED, "interrupted");
    }
    if (t.isAlive()) {
      STUCK.put(path, t);
      return FileRead.not(
          FileRead.Outcome.FAILED,
          "open or read did not return within " + TIMEOUT.toSeconds() + " s");
    }
    if (r.failure != null) {
      return r.failure;
    }
    if (r.content.length > max) {
      return FileRead.not(FileRead.Outcome.UNREADABLE, tooLarge(max));
    }
    FileStamp after = FileStamp.of(path);
    if (!after.sameAs(stamp) || after.size() != r.content.length) {
      return FileRead.not(FileRead.Outcome.CHANGING, "changed while it was read");
    }
    return FileRead.read(r.content, after);
  }

  /** The most read by one call (the size of the temporary direct buffer the channel uses). */
  private static final int CHUNK = 1 << 20;

  /** The open and read, on their own thread. */
  private static final class Reading implements Runnable {
    private final Path path;
    private final long max;
    private volatile byte[] content;
    private volatile FileRead failure;

    Reading(Path path, long max) {
      this.path = path;
      this.max = max;
    }

    @Override
    public void run() {
      try (SeekableByteChannel ch = Files.newByteChannel(path)) {
        // into an array of the size the file has (no copy when it still has it), a chunk at a
        // time (the channel's temporary direct buffer stays small); one byte past the limit is
        // read, so a file that grew beyond it is seen to
        byte[] b = new byte[(int) Math.min(Math.max(ch.size(), 0), max + 1)];
        int n = 0;
        ByteBuffer one = ByteBuffer.allocate(1);
        while (true) {
          if (n == b.length) {
            if (b.length > max) {
              break;
            }
            one.clear();
            int got = ch.read(one);
            if (got < 0) {
              break;
            }
            if (got > 0) {
              b = Arrays.copyOf(b, (int) Math.min(Math.max(2L * b.length, 64), max + 1));
              b[n++] = one.get(0);
            }
            continue;
          }
          int got = ch.read(ByteBuffer.wrap(b, n, Math.min(b.length - n, CHUNK)));
          if (got < 0) {
            break;
          }
          n += got;
        }
        content = n == b.length ? b : Arrays.copyOf(b, n);
      } catch (NoSuchFileException e) {
        failure = FileRead.not(FileRead.Outcome.CHANGING, "removed while it was opened");
      } catch (AccessDeniedException e) {
        failure = FileRead.not(FileRead.Outcome.UNREADABLE, "Permission denied");
      } catch (IOException | SecurityException | OutOfMemoryError e) {
        String why = reason(e);
        failure =
            FileRead.not(
                why.contains("symbolic links")
                    ? FileRead.Outcome.UNREADABLE
                    : FileRead.Outcome.FAILED,
                why);
      }
    }
  }

  private static String notRegular(Path path, BasicFileAttributes a) {
    if (a.isDirectory()) {
      return "Is a directory";
    }
    String kind = "not a regular file";
    try {
      int type = ((Integer) Files.getAttribute(path, "unix:mode")) & 0170000;
      kind =
          switch (type) {
            case 0010000 -> "not a regular file (a FIFO)";
            case 0020000 -> "not a regular file (a character device)";
            case 0060000 -> "not a regular file (a block device)";
            case 0140000 -> "not a regular file (a socket)";
            default -> kind;
          };
    } catch (IOException | RuntimeException e) {
      // the plain words will do
    }
    return kind;
  }

  private static String tooLarge(long max) {
    return "larger than the limit of " + max + " bytes (max-file-size)";
  }

  /** An exception as {@code strerror} would word it. */
  static String reason(Throwable e) {
    if (e instanceof AccessDeniedException) {
      return "Permission denied";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    if (e instanceof OutOfMemoryError) {
      return "out of memory";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
