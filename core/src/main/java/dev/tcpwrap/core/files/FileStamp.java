package dev.tcpwrap.core.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * What a rule file looks like from outside: whether it exists, where its symbolic links lead, its
 * identity (inode), modification time, size and kind. Two different stamps mean the file may have
 * changed: edited in place (time, size), replaced by rename as fail2ban, sshguard and editors do
 * (inode), swapped through a symbolic link as Kubernetes ConfigMap volumes do (real path), created
 * or deleted, or given other permissions (status change time: a file that could not be read is read
 * again after a {@code chmod}).
 *
 * @param regular whether it is a regular file (the only kind the agent reads)
 */
public record FileStamp(
    boolean exists,
    String realPath,
    Object fileKey,
    long modifiedNanos,
    long size,
    long changedNanos,
    boolean regular) {

  /** The stamp of a path where nothing is. */
  public static final FileStamp MISSING = new FileStamp(false, null, null, 0, 0, 0, false);

  /** Looks at {@code path} (following symbolic links); never throws. */
  public static FileStamp of(Path path) {
    try {
      BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
      String real;
      try {
        real = path.toRealPath().toString();
      } catch (IOException e) {
        real = null;
      }
      return new FileStamp(
          true,
          real,
          a.fileKey(),
          a.lastModifiedTime().to(TimeUnit.NANOSECONDS),
          a.size(),
          changed(path),
          a.isRegularFile());
    } catch (IOException | SecurityException e) {
      // A file that exists but cannot be looked at still differs from a missing one: reading it
      // reports why.
      return Files.exists(path)
          ? new FileStamp(true, null, "unreadable", 0, -1, 0, false)
          : MISSING;
    }
  }

  /** Whether {@code o} describes the same file in the same state. */
  public boolean sameAs(FileStamp o) {
    return exists == o.exists
        && regular == o.regular
        && Objects.equals(realPath, o.realPath)
        && Objects.equals(fileKey, o.fileKey)
        && modifiedNanos == o.modifiedNanos
        && size == o.size
        && changedNanos == o.changedNanos;
  }

  // the status change time where the file system tells it (Linux, the BSDs), else 0
  private static long changed(Path path) {
    try {
      return ((FileTime) Files.getAttribute(path, "unix:ctime")).to(TimeUnit.NANOSECONDS);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** Milliseconds since the last modification, as seen by the wall clock now. */
  public long ageMillis() {
    return System.currentTimeMillis() - TimeUnit.NANOSECONDS.toMillis(modifiedNanos);
  }
}
