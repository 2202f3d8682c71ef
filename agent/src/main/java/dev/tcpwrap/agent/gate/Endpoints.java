package dev.tcpwrap.agent.gate;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.NetworkChannel;

/**
 * The two ends of an accepted connection, read through public API only. The server end of a {@link
 * Socket} is read only when asked for: the JDK asks the kernel for it ({@code getsockname}) on
 * every call, and most decisions need no more than its port, which the socket keeps.
 */
final class Endpoints {

  /** The connection whose server end is read when asked for: a Socket or a native one. */
  private final Object socket;

  private InetSocketAddress local;
  private final InetSocketAddress remote;
  private final int localPort;

  private Endpoints(
      Object socket, InetSocketAddress local, InetSocketAddress remote, int localPort) {
    this.socket = socket;
    this.local = local;
    this.remote = remote;
    this.localPort = localPort;
  }

  /**
   * @param connection a {@code Socket}, {@code SocketChannel}, {@code AsynchronousSocketChannel} or
   *     a connection accepted in native code
   * @return the endpoints, or {@code null} if this is not an IP connection (e.g. a Unix domain
   *     socket)
   * @throws IOException if the addresses cannot be read (e.g. the connection is already closed)
   */
  static Endpoints of(Object connection) throws IOException {
    if (connection instanceof NativeConnection n) {
      InetSocketAddress r = n.remote();
      return r == null ? null : new Endpoints(n, null, r, n.localPort());
    }
    if (connection instanceof Socket s) {
      SocketAddress remote = s.getRemoteSocketAddress();
      int port = s.getLocalPort();
      if (remote == null || port < 0) {
        throw new IOException("connection has no address (closed or not connected)");
      }
      return remote instanceof InetSocketAddress r ? new Endpoints(s, null, r, port) : null;
    }
    SocketAddress local;
    SocketAddress remote;
    if (connection instanceof AsynchronousSocketChannel c) {
      local = c.getLocalAddress();
      remote = c.getRemoteAddress();
    } else if (connection instanceof java.nio.channels.SocketChannel c) {
      local = ((NetworkChannel) c).getLocalAddress();
      remote = c.getRemoteAddress();
    } else {
      return null;
    }
    if (remote == null || local == null) {
      throw new IOException("connection has no address (closed or not connected)");
    }
    if (!(remote instanceof InetSocketAddress r) || !(local instanceof InetSocketAddress l)) {
      return null;
    }
    return new Endpoints(null, l, r, l.getPort());
  }

  /**
   * @return the client end
   */
  InetSocketAddress remote() {
    return remote;
  }

  /**
   * @return the server end's port
   */
  int localPort() {
    return localPort;
  }

  /**
   * @return the server end
   * @throws IOException if it cannot be read (the connection was closed meanwhile)
   */
  InetSocketAddress local() throws IOException {
    InetSocketAddress l = local;
    if (l == null) {
      SocketAddress a =
          socket instanceof NativeConnection n
              ? n.local()
              : ((Socket) socket).getLocalSocketAddress();
      if (!(a instanceof InetSocketAddress)) {
        throw new IOException("connection has no local address (closed meanwhile)");
      }
      l = (InetSocketAddress) a;
      local = l;
    }
    return l;
  }
}
