package dev.tcpwrap.agent.gate;

import dev.tcpwrap.core.action.SocketOptions;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * A connection accepted in Netty's native code, known by its descriptor: closing it closes the
 * descriptor, which Netty then never sees.
 */
final class NettyConnection implements NativeConnection {
  private final NativeListener listener;
  private final int fd;
  private final byte[] address;

  /**
   * @param address the peer as Netty's native accept wrote it, {@code null} to ask the kernel
   */
  NettyConnection(NativeListener listener, int fd, byte[] address) {
    this.listener = listener;
    this.fd = fd;
    this.address = address;
  }

  NativeListener listener() {
    return listener;
  }

  @Override
  public InetSocketAddress remote() throws IOException {
    if (address != null) {
      return decode(address);
    }
    try {
      InetSocketAddress a = listener.netty.remoteAddress(fd);
      if (a == null) {
        throw new IOException("peer address unknown");
      }
      return a;
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("peer address unknown: " + t, t);
    }
  }

  // the listening address, unless that is a wildcard: one system call less
  @Override
  public InetSocketAddress local() throws IOException {
    InetSocketAddress l = listener.local();
    if (!l.getAddress().isAnyLocalAddress()) {
      return l;
    }
    try {
      return listener.netty.localAddress(fd);
    } catch (Throwable t) {
      throw new IOException("local address unknown: " + t, t);
    }
  }

  @Override
  public int localPort() throws IOException {
    return listener.local().getPort();
  }

  @Override
  public boolean ipv6Listener() {
    return listener.ipv6();
  }

  @Override
  public int read(ByteBuffer buf) throws IOException {
    return NativeConnection.io("read", () -> listener.netty.read(fd, buf));
  }

  @Override
  public int write(ByteBuffer buf) throws IOException {
    return NativeConnection.io("write", () -> listener.netty.write(fd, buf));
  }

  @Override
  public void apply(SocketOptions so, Consumer<String> warn) {
    if (so.keepAlive()) {
      try {
        listener.netty.setKeepAlive(fd, true);
      } catch (Throwable t) {
        warn.accept("setsockopt SO_KEEPALIVE: " + t.getMessage());
      }
    }
    if (so.setsLinger()) {
      try {
        listener.netty.setSoLinger(fd, so.lingerOptionValue());
      } catch (Throwable t) {
        warn.accept("setsockopt SO_LINGER " + so.lingerSeconds() + ": " + t.getMessage());
      }
    }
  }

  @Override
  public void close() throws IOException {
    try {
      listener.netty.close(fd);
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException("closing descriptor " + fd + " failed: " + t, t);
    }
  }

  @Override
  public String toString() {
    return "native connection (descriptor " + fd + ")";
  }

  /**
   * Reads Netty's accepted-address bytes: {@code [length, address..., (scope id,) port]}, length 8
   * for IPv4 (IPv4-mapped addresses already folded) and 24 for IPv6, integers big-endian.
   */
  static InetSocketAddress decode(byte[] a) throws IOException {
    int len = a.length == 0 ? -1 : a[0];
    try {
      if (len == 8 && a.length >= 9) {
        InetAddress ip = InetAddress.getByAddress(copy(a, 1, 4));
        return new InetSocketAddress(ip, port(a, 5));
      }
      if (len == 24 && a.length >= 25) {
        int scope = port(a, 17);
        byte[] ip = copy(a, 1, 16);
        InetAddress addr =
            scope == 0 ? InetAddress.getByAddress(ip) : Inet6Address.getByAddress(null, ip, scope);
        return new InetSocketAddress(addr, port(a, 21));
      }
    } catch (UnknownHostException | IllegalArgumentException e) {
      throw new IOException("unreadable peer address: " + e.getMessage(), e);
    }
    throw new IOException("unreadable peer address (length " + len + ")");
  }

  private static byte[] copy(byte[] a, int from, int n) {
    byte[] b = new byte[n];
    System.arraycopy(a, from, b, 0, n);
    return b;
  }

  private static int port(byte[] a, int at) {
    return ((a[at] & 0xFF) << 24)
        | ((a[at + 1] & 0xFF) << 16)
        | ((a[at + 2] & 0xFF) << 8)
        | (a[at + 3] & 0xFF);
  }
}
