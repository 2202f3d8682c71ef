package dev.tcpwrap.agent.instrument;

import dev.tcpwrap.agent.instrument.TransformCache.Unusable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * The file checks of the {@link TransformCache}, which injects code into {@code java.base} and so
 * trusts no file another user could have written: directories are created {@code 0700}; the root,
 * every directory below it and every file must be owned by the current user, must not be writable
 * by group or others, and must not be symbolic links; the root's parent must not be writable by
 * others unless it is sticky ({@code /tmp}). Files are written to a temporary file and renamed into
 * place, so readers never see half a file. The agent's start keeps its bootstrap jar in the cache
 * root under the same rules.
 */
final class OwnerOnlyFiles {

  private OwnerOnlyFiles() {}

  /**
   * Creates {@code root/sub/...} (mode 0700) as needed and checks the root, its parent and every
   * level.
   *
   * @return the deepest directory
   * @throws Unusable if a level cannot be created or is not safe
   */
  static Path secureDir(Path root, String... subs) throws Unusable {
    int uid = currentUid();
    Path parent = root.getParent();
    if (parent != null) {
      checkParent(parent);
    }
    Path d = root;
    ensureDir(d, uid);
    for (String s : subs) {
      d = d.resolve(s);
      ensureDir(d, uid);
    }
    return d;
  }

  /** Writes {@code dir/name} through a temporary file (mode 0600) and an atomic rename. */
  static boolean writeAtomically(Path dir, String name, byte[] content) {
    Path tmp = null;
    try {
      tmp =
          Files.createTempFile(
              dir,
              ".tmp-",
              ".part",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.write(tmp, content);
      try {
        Files.move(
            tmp,
            dir.resolve(name),
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        return false;
      }
      tmp = null;
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // a stray temporary file, harmless
        }
      }
    }
  }

  /**
   * Checks a file found in a checked cache directory: a regular file owned by the current user, not
   * writable by group or others.
   *
   * @return {@code true} if it may be used
   */
  static boolean isTrustedFile(Path f) {
    try {
      Map<String, Object> a = Files.readAttributes(f, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
      int mode = (Integer) a.get("mode");
      return (mode & 0170000) == 0100000
          && (mode & 022) == 0
          && (Integer) a.get("uid") == currentUid();
    } catch (IOException | RuntimeException | Unusable e) {
      return false;
    }
  }

  // creates d (0700) if absent, then checks it is ours, a real directory, not writable by group or
  // others
  private static void ensureDir(Path d, int uid) throws Unusable {
    Map<String, Object> a;
    try {
      try {
        a = Files.readAttributes(d, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        try {
          Files.createDirectories(
              d,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (java.nio.file.FileAlreadyExistsException raced) {
          // another JVM created it: checked below
        }
        a = Files.readAttributes(d, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
      }
    } catch (IOException | UnsupportedOperationException e) {
      throw new Unusable("cannot create or read " + d + ": " + e);
    }
    int mode = (Integer) a.get("mode");
    if ((mode & 0170000) != 0040000) {
      throw new Unusable(d + " is not a directory (a symbolic link?)");
    }
    if ((Integer) a.get("uid") != uid) {
      throw new Unusable(
          d + " is owned by uid " + a.get("uid") + ", not by the current user (uid " + uid + ")");
    }
    if ((mode & 022) != 0) {
      throw new Unusable(
          d + " is writable by group or others (mode " + Integer.toOctalString(mode & 07777) + ")");
    }
  }

  // the root's parent may be shared only if it is sticky (/tmp) and owned by us or root
  private static void checkParent(Path parent) throws Unusable {
    Map<String, Object> a;
    try {
      a = Files.readAttributes(parent, "unix:uid,mode");
    } catch (NoSuchFileException e) {
      return; // created by ensureDir's createDirectories with mode 0700
    } catch (IOException | UnsupportedOperationException e) {
      throw new Unusable("cannot read " + parent + ": " + e);
    }
    int mode = (Integer) a.get("mode");
    int owner = (Integer) a.get("uid");
    if ((mode & 022) != 0 && (mode & 01000) == 0) {
      throw new Unusable(
          parent + " (the cache's parent) is writable by group or others and not sticky");
    }
    if (owner != 0 && owner != currentUid()) {
      throw new Unusable(parent + " (the cache's parent) is owned by uid " + owner);
    }
  }

  private static volatile int uid = -1;

  /**
   * @return the effective uid of this process (Linux: /proc/self/status)
   */
  static int currentUid() throws Unusable {
    int u = uid;
    if (u >= 0) {
      return u;
    }
    try {
      for (String line :
          Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.ISO_8859_1)) {
        if (line.startsWith("Uid:")) {
          // real, effective, saved, fs (tab separated): the effective one
          String[] f = line.substring(4).trim().replace(' ', '\t').split("\t+");
          u = Integer.parseInt(f[1]);
          uid = u;
          return u;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    throw new Unusable("cannot tell the current user's uid (no /proc/self/status)");
  }
}
