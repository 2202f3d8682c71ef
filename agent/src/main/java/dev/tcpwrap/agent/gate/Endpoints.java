package dev.tcpwrap.agent.gate;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.NetworkChannel;

/**
 * The two ends of an accepted connection, read through public API only.
 *
 * @param local  the server end
 * @param remote the client end
 */
record Endpoints(InetSocketAddress local, InetSocketAddress remote) {

  /**
   * @param connection a {@code Socket}, {@code SocketChannel} or {@code AsynchronousSocketChannel}
   * @return the endpoints, or {@code null} if this is not an IP connection (e.g. a Unix domain socket)
   * @throws IOException if the addresses cannot be read (e.g. the connection is already closed)
   */
  static Endpoints of(Object connection) throws IOException {
    SocketAddress local;
    SocketAddress remote;
    if (connection instanceof Socket s) {
      local = s.getLocalSocketAddress();
      remote = s.getRemoteSocketAddress();
    } else if (connection instanceof AsynchronousSocketChannel c) {
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
    if (!(remote instanceof InetSocketAddress) || !(local instanceof InetSocketAddress)) {
      return null;
    }
    return new Endpoints((InetSocketAddress) local, (InetSocketAddress) remote);
  }
}
