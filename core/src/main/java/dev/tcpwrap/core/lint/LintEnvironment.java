package dev.tcpwrap.core.lint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * What the linter reads besides the rule file itself: {@code /file} pattern lists and the netgroup
 * file. Tests substitute their own; {@link #system()} reads the file system.
 */
public interface LintEnvironment {

  /**
   * The most bytes read from one file (pattern lists are small; this only bounds hostile input).
   */
  int MAX_FILE = 16 << 20;

  /**
   * The bytes of a file, or null when it does not exist; a directory reads as empty (as libwrap's
   * {@code fscanf} sees it), and so does anything that is not a regular file.
   *
   * @throws IOException when it exists but cannot be read
   */
  byte[] read(String path) throws IOException;

  /** The file the {@code files} backend of {@code innetgr()} reads. */
  default String netgroupFile() {
    return "/etc/netgroup";
  }

  /** The real file system, netgroups from {@code /etc/netgroup}. */
  static LintEnvironment system() {
    return path -> {
      Path p;
      try {
        p = Paths.get(path);
      } catch (RuntimeException e) {
        return null;
      }
      if (!Files.exists(p)) {
        return null;
      }
      if (!Files.isRegularFile(p)) {
        // a directory reads as empty; devices and FIFOs are not read (they may never end)
        return new byte[0];
      }
      try (InputStream in = Files.newInputStream(p)) {
        return in.readNBytes(MAX_FILE);
      } catch (NoSuchFileException e) {
        return null;
      }
    };
  }
}
