package dev.tcpwrap.agent.instrument;

import dev.tcpwrap.agent.instrument.TransformCache.Unusable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The file checks of a read-only {@link TransformCache}, one prepared by another user ({@code java
 * -jar tcpwrap.jar cache --prepare DIR}, typically root at install time) and used without ever
 * writing: it is trusted only when the running user cannot change it. Every directory from the file
 * system root down to the cache's deepest directory, and every entry, must be:
 *
 * <ul>
 *   <li>owned by another user than the running one (an owner can always make a file writable);
 *   <li>not writable through its group if the running user is in that group, nor by others, except
 *       a sticky directory such as {@code /tmp} above the cache, where the running user cannot
 *       rename or remove what is not theirs;
 *   <li>a real directory or regular file, not a symbolic link (the root's ancestors are taken as
 *       the path resolves, so a link there is checked where it leads).
 * </ul>
 *
 * Root can write everything, so a JVM running as root never trusts a read-only cache (its own
 * cache, {@code cache=DIR}, is as safe). Access control lists are not read.
 */
final class PreparedFiles {

  private PreparedFiles() {}

  /**
   * Checks {@code root/sub/...} and every directory above it for {@code user}, the running one;
   * creates nothing.
   *
   * @return the deepest directory
   * @throws Unusable if it is missing or the user could change it
   */
  static Path checkedDir(User user, Path root, String... subs) throws Unusable {
    if (user.uid == 0) {
      throw new Unusable(
          "the JVM runs as root, who can write any directory: a read-only cache protects nothing"
              + " (use cache=DIR, root's own)");
    }
    Path real;
    try {
      real = root.toRealPath();
    } catch (IOException e) {
      throw new Unusable("cannot read the prepared cache " + root + ": " + e);
    }
    Path child = null;
    for (Path d = real; d != null; d = d.getParent()) {
      checkAncestor(d, child, user);
      child = d;
    }
    Path d = real;
    for (String s : subs) {
      d = d.resolve(s);
      Map<String, Object> a = attributes(d);
      if (((Integer) a.get("mode") & 0170000) != 0040000) {
        throw new Unusable(d + " is not a directory (a symbolic link?)");
      }
      String why = writableBy(a, user, false);
      if (why != null) {
        throw new Unusable(d + " " + why);
      }
    }
    return d;
  }

  /**
   * Checks an entry of a checked directory for {@code user}, the running one.
   *
   * @return {@code null} if it may be used, else why not
   */
  static String untrustedFile(User user, Path f) {
    try {
      Map<String, Object> a = attributes(f);
      if (((Integer) a.get("mode") & 0170000) != 0100000) {
        return f + " is not a regular file";
      }
      return writableBy(a, user, false);
    } catch (Unusable e) {
      return e.getMessage();
    }
  }

  // d is the cache root or above it; child is the level below (null for the root itself)
  private static void checkAncestor(Path d, Path child, User user) throws Unusable {
    Map<String, Object> a = attributes(d);
    boolean sticky = ((Integer) a.get("mode") & 01000) != 0;
    boolean childIsOthers;
    try {
      childIsOthers =
          child != null
              && (Integer) Files.getAttribute(child, "unix:uid", LinkOption.NOFOLLOW_LINKS)
                  != user.uid;
    } catch (IOException | RuntimeException e) {
      throw new Unusable("cannot read " + child + ": " + e);
    }
    String why = writableBy(a, user, sticky && childIsOthers);
    if (why != null) {
      throw new Unusable(d + (child == null ? " " : " (above the prepared cache) ") + why);
    }
  }

  // why the running user could change a file with these attributes, or null
  private static String writableBy(Map<String, Object> a, User user, boolean stickyProtects) {
    int mode = (Integer) a.get("mode");
    int owner = (Integer) a.get("uid");
    if (owner == user.uid) {
      return "is owned by the running user (uid " + owner + "), who could change it";
    }
    if (stickyProtects) {
      return null;
    }
    if ((mode & 020) != 0 && user.groups.contains((Integer) a.get("gid"))) {
      return "is writable by group " + a.get("gid") + ", which the running user is in";
    }
    if ((mode & 002) != 0) {
      return "is writable by others (mode " + Integer.toOctalString(mode & 07777) + ")";
    }
    return null;
  }

  private static Map<String, Object> attributes(Path p) throws Unusable {
    try {
      return Files.readAttributes(p, "unix:uid,gid,mode", LinkOption.NOFOLLOW_LINKS);
    } catch (IOException | UnsupportedOperationException e) {
      throw new Unusable("cannot read " + p + ": " + e);
    }
  }

  /**
   * A user: effective uid and every group id.
   *
   * @param uid the user id
   * @param groups the primary and supplementary group ids
   */
  record User(int uid, Set<Integer> groups) {

    /** The running user (Linux: /proc/self/status). */
    static User current() throws Unusable {
      int uid = OwnerOnlyFiles.currentUid();
      Set<Integer> groups = new HashSet<>();
      try {
        for (String line :
            Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.ISO_8859_1)) {
          if (line.startsWith("Gid:")) {
            groups.add(Integer.parseInt(line.substring(4).trim().split("\\s+")[1]));
          } else if (line.startsWith("Groups:")) {
            for (String g : line.substring(7).trim().split("\\s+")) {
              if (!g.isEmpty()) {
                groups.add(Integer.parseInt(g));
              }
            }
          }
        }
      } catch (IOException | RuntimeException e) {
        throw new Unusable("cannot tell the running user's groups (no /proc/self/status)");
      }
      return new User(uid, groups);
    }
  }
}
