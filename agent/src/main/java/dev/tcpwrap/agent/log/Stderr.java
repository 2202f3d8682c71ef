package dev.tcpwrap.agent.log;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One line about the log itself on standard error, where an operator looks when the log's own
 * destination fails. Never into a client's connection: under inetd and xinetd descriptor 2 is the
 * connection on descriptor 0, and then the line is left out (the loss is still counted).
 */
public final class Stderr {

  private static final FileOutputStream ERR = new FileOutputStream(FileDescriptor.err);

  private Stderr() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /** Writes the line, or nothing when standard error is the inherited connection; never throws. */
  static void line(String line) {
    if (isConnection()) {
      return;
    }
    try {
      synchronized (ERR) {
        ERR.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        ERR.flush();
      }
    } catch (Exception ignored) {
      // standard error is gone too: the counters still tell
    }
  }

  // the same socket on descriptors 0 and 2, as inetd, xinetd and systemd's Accept=yes set it up
  public static boolean isConnection() {
    try {
      String in = Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString();
      return in.startsWith("socket:")
          && in.equals(Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString());
    } catch (Exception e) {
      return false;
    }
  }
}
