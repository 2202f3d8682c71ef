package dev.tcpwrap.core.lint;

import dev.tcpwrap.core.files.FileRead;
import dev.tcpwrap.core.files.RuleFileReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What the linter reads besides the rule file itself: {@code /file} pattern lists and the netgroup
 * file. Tests substitute their own; {@link #system()} reads the file system.
 */
public interface LintEnvironment {

  /**
   * The bytes of a file, or null when it does not exist.
   *
   * @throws IOException when it exists but cannot be read, with the reason as the message
   * @throws NotAFileException when it is not a regular file or is too large: the agent never reads
   *     it
   */
  byte[] read(String path) throws IOException;

  /** The file the {@code files} backend of {@code innetgr()} reads. */
  default String netgroupFile() {
    return "/etc/netgroup";
  }

  /**
   * The real file system, read as the agent reads it ({@link RuleFileReader}: regular files only,
   * bounded in size and time), so that {@code check} and the agent agree on what a file is;
   * netgroups from {@code /etc/netgroup}.
   */
  static LintEnvironment system() {
    return path -> {
      Path p;
      try {
        p = Paths.get(path);
      } catch (RuntimeException e) {
        return null; // no such path can exist (a NUL byte): the agent finds no file either
      }
      FileRead read = RuleFileReader.read(p);
      switch (read.outcome()) {
        case READ:
          return read.content();
        case MISSING:
          return null;
        case UNREADABLE:
          if (notAFile(p)) {
            throw new NotAFileException(read.reason());
          }
          throw new IOException(read.reason());
        default:
          throw new IOException(read.reason());
      }
    };
  }

  /** Whether the agent refuses {@code p} whoever reads it: not a regular file, or too large. */
  private static boolean notAFile(Path p) {
    try {
      BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
      return !a.isRegularFile() || a.size() > RuleFileReader.limit();
    } catch (IOException | RuntimeException e) {
      return false; // cannot even be looked at: a permission or link problem
    }
  }

  /**
   * A file the agent refuses to read whoever reads it: not a regular file (a directory, FIFO,
   * device or socket) or larger than the limit. Unlike a permission problem, which may be the
   * checking user's own, it is wrong for the agent too.
   */
  final class NotAFileException extends IOException {
    private static final long serialVersionUID = 1L;

    /** With the reason, as {@link RuleFileReader} words it. */
    public NotAFileException(String reason) {
      super(reason);
    }
  }
}
