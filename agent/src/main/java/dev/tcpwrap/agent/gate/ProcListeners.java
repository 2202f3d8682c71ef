package dev.tcpwrap.agent.gate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Whether a descriptor is a listening TCP socket, asked of Linux's {@code /proc}: the socket's
 * inode ({@code /proc/self/fd/N -> socket:[INODE]}) among the listeners ({@code st} 0A) of {@code
 * /proc/self/net/tcp} and {@code tcp6}. Used once per native listener the agent was not told about
 * because it was created before an attach; a Unix-domain or VSOCK listener is not found.
 */
final class ProcListeners {

  private static final String LISTEN = "0A";

  private ProcListeners() {}

  /**
   * @param fd a descriptor of this process
   * @return whether it is a listening TCP socket; {@code false} where {@code /proc} cannot tell
   */
  static boolean isTcpListener(int fd) {
    try {
      String link = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
      if (!link.startsWith("socket:[") || !link.endsWith("]")) {
        return false;
      }
      String inode = link.substring("socket:[".length(), link.length() - 1);
      return listens(Path.of("/proc/self/net/tcp"), inode)
          || listens(Path.of("/proc/self/net/tcp6"), inode);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  // columns: sl local rem st tx:rx tr:when retrnsmt uid timeout inode ...
  private static boolean listens(Path table, String inode) throws IOException {
    if (!Files.isReadable(table)) {
      return false;
    }
    List<String> lines = Files.readAllLines(table);
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).trim().split("\\s+");
      if (f.length > 9 && f[9].equals(inode) && f[3].equals(LISTEN)) {
        return true;
      }
    }
    return false;
  }
}
