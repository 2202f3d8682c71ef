package dev.tcpwrap.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tcpwrap.agent.instrument.PreparedFiles.User;
import dev.tcpwrap.agent.instrument.TransformCache.Unusable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whom a read-only cache is trusted by: files made by root (the test runs as root, and changes
 * owners), judged for another user. PreparedCacheTest runs the real thing as {@code nobody}.
 */
class PreparedFilesTest {

  static final int OTHER = 65534;
  static final int OTHER_GROUP = 65534;

  /** A user who is not root, in group 65534 and not in root's group. */
  static final User USER = new User(OTHER, Set.of(OTHER_GROUP));

  @TempDir Path tmp;

  Path cache;
  Path entry;

  @BeforeEach
  void prepared() throws Exception {
    assumeTrue(OwnerOnlyFiles.currentUid() == 0, "needs root to make files of another owner");
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    cache = Files.createDirectories(tmp.resolve("cache/build/jdk"));
    for (Path d = cache; !d.equals(tmp); d = d.getParent()) {
      Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    entry = Files.writeString(cache.resolve("e.class"), "x");
    Files.setPosixFilePermissions(entry, PosixFilePermissions.fromString("rw-r--r--"));
  }

  private Path root() {
    return tmp.resolve("cache");
  }

  @Test
  void aTreeOfAnotherOwnerThatTheUserCannotWriteIsTrusted() throws Exception {
    assertThat(PreparedFiles.checkedDir(USER, root(), "build", "jdk")).isEqualTo(cache);
    assertThat(PreparedFiles.untrustedFile(USER, entry)).isNull();
  }

  @Test
  void theUsersOwnTreeIsNot() throws Exception {
    Files.setAttribute(cache, "unix:uid", OTHER);
    assertThatThrownBy(() -> PreparedFiles.checkedDir(USER, root(), "build", "jdk"))
        .isInstanceOf(Unusable.class)
        .hasMessage(cache + " is owned by the running user (uid 65534), who could change it");
    Files.setAttribute(entry, "unix:uid", OTHER);
    assertThat(PreparedFiles.untrustedFile(USER, entry)).contains("is owned by the running user");
  }

  @Test
  void aDirectoryWritableThroughTheUsersGroupOrByOthersIsNot() throws Exception {
    Files.setAttribute(root(), "unix:gid", OTHER_GROUP);
    Files.setPosixFilePermissions(root(), PosixFilePermissions.fromString("rwxrwxr-x"));
    assertThatThrownBy(() -> PreparedFiles.checkedDir(USER, root(), "build", "jdk"))
        .hasMessage(root() + " is writable by group 65534, which the running user is in");
    // a group the user is not in may write it
    assertThat(PreparedFiles.checkedDir(new User(OTHER, Set.of(1234)), root(), "build", "jdk"))
        .isEqualTo(cache);
    Files.setPosixFilePermissions(entry, PosixFilePermissions.fromString("rw-r--rw-"));
    assertThat(PreparedFiles.untrustedFile(USER, entry))
        .isEqualTo("is writable by others (mode 646)");
  }

  @Test
  void aDirectoryAboveTheCacheTheUserCouldWriteIsNot() throws Exception {
    Files.setAttribute(tmp, "unix:uid", OTHER);
    assertThatThrownBy(() -> PreparedFiles.checkedDir(USER, root(), "build", "jdk"))
        .hasMessage(
            tmp
                + " (above the prepared cache) is owned by the running user (uid 65534), who could change it");
    Files.setAttribute(tmp, "unix:uid", 0);
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
    assertThatThrownBy(() -> PreparedFiles.checkedDir(USER, root(), "build", "jdk"))
        .hasMessageContaining("(above the prepared cache) is writable by others");
    // sticky, like /tmp: the user cannot rename or remove root's cache there
    assertThat(new ProcessBuilder("chmod", "1777", tmp.toString()).start().waitFor()).isZero();
    assertThat(PreparedFiles.checkedDir(USER, root(), "build", "jdk")).isEqualTo(cache);
  }

  @Test
  void aSymbolicLinkInsideTheCacheIsNot() throws Exception {
    Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
    Files.setPosixFilePermissions(elsewhere, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createSymbolicLink(root().resolve("linked"), elsewhere);
    assertThatThrownBy(() -> PreparedFiles.checkedDir(USER, root(), "linked"))
        .hasMessage(root().resolve("linked") + " is not a directory (a symbolic link?)");
  }

  @Test
  void rootTrustsNoReadOnlyCache() {
    assertThatThrownBy(() -> PreparedFiles.checkedDir(new User(0, Set.of(0)), root(), "build"))
        .hasMessageStartingWith("the JVM runs as root, who can write any directory");
  }
}
