package dev.tcpwrap.core.reload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * What a rule file looks like from outside: whether it exists, where its symbolic links lead, its
 * identity (inode), modification time and size. Two different stamps mean the file may have
 * changed: edited in place (time, size), replaced by rename as fail2ban, sshguard and editors do
 * (inode), swapped through a symbolic link as Kubernetes ConfigMap volumes do (real path), created
 * or deleted.
 */
record FileStamp(boolean exists, String realPath, Object fileKey, long modifiedNanos, long size) {

  static final FileStamp MISSING = new FileStamp(false, null, null, 0, 0);

  static FileStamp of(Path path) {
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
          a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS),
          a.size());
    } catch (IOException | SecurityException e) {
      // A file that exists but cannot be read still differs from a missing one: reading it reports
      // why.
      return Files.exists(path) ? new FileStamp(true, null, "unreadable", 0, -1) : MISSING;
    }
  }

  boolean sameAs(FileStamp o) {
    return exists == o.exists
        && Objects.equals(realPath, o.realPath)
        && Objects.equals(fileKey, o.fileKey)
        && modifiedNanos == o.modifiedNanos
        && size == o.size;
  }
}
