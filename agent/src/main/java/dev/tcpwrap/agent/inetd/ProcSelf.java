package dev.tcpwrap.agent.inetd;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What Linux's {@code /proc/self} tells about this process's standard descriptors and the socket on
 * them, which the JDK has no call for: whether a descriptor is a socket, a pipe or a file (and the
 * same socket as another), and whether the inherited socket is IPv6. Where {@code /proc} cannot
 * tell, {@link #target} and {@link #listener} answer {@code null}.
 */
final class ProcSelf {

  private static final Path FD = Path.of("/proc/self/fd");

  private ProcSelf() {}

  // what a descriptor of this process is (socket:[inode], pipe:[inode], a path); null if unknown
  static String target(int fd) {
    try {
      return Files.readSymbolicLink(FD.resolve(Integer.toString(fd))).toString();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * The listening socket, as far as the log line needs it: on an IPv6 socket IPv4 clients are
   * IPv4-mapped and tcpd shows them as {@code ::ffff:a.b.c.d}. The JDK reports a mapped address as
   * IPv4 and has no call for a socket's family, so it is read from the kernel's table of IPv6 TCP
   * sockets. {@code null} (shown plainly) when unknown.
   */
  static NetworkChannel listener(SocketChannel inherited) {
    try {
      String in = target(0);
      if (in == null || !in.startsWith("socket:[") || !in.endsWith("]")) {
        return null;
      }
      String inode = in.substring("socket:[".length(), in.length() - 1);
      if (!ipv6Socket(Path.of("/proc/self/net/tcp6"), inode)) {
        return null;
      }
      SocketAddress local = inherited.getLocalAddress();
      int port = local instanceof InetSocketAddress l ? l.getPort() : 0;
      return new Ipv6Listener(new InetSocketAddress(InetAddress.getByAddress(new byte[16]), port));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * @param table {@code /proc/net/tcp6}
   * @param inode a socket's inode number
   * @return whether the socket is in the table
   */
  static boolean ipv6Socket(Path table, String inode) throws IOException {
    if (!Files.isReadable(table)) {
      return false;
    }
    List<String> lines = Files.readAllLines(table);
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).trim().split("\\s+");
      if (f.length > 9 && f[9].equals(inode)) {
        return true;
      }
    }
    return false;
  }
}
