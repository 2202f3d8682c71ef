package dev.tcpwrap.agent.gate;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.net.Inet6Address;
import java.net.InetSocketAddress;

/** A TCP listener of Netty's native transports that the agent checks ({@link NativeListeners}). */
final class NativeListener {
  final WeakReference<Object> key;
  private final WeakReference<Object> socket;
  final NettyNative netty;
  private volatile InetSocketAddress local;

  NativeListener(Object key, Object socket, NettyNative netty) {
    this.key = new WeakReference<>(key);
    this.socket = new WeakReference<>(socket);
    this.netty = netty;
  }

  /**
   * @return the listening address (read once: accepts happen only after the bind)
   */
  InetSocketAddress local() throws IOException {
    InetSocketAddress a = local;
    if (a == null) {
      Object s = socket.get();
      try {
        a = s == null ? null : netty.localAddress(s);
      } catch (Throwable t) {
        throw new IOException("listening address unknown: " + t, t);
      }
      if (a == null) {
        throw new IOException("listening address unknown");
      }
      local = a;
    }
    return a;
  }

  /**
   * @return whether it listens on IPv6 (its IPv4 clients are IPv4-mapped)
   */
  boolean ipv6() {
    try {
      return local().getAddress() instanceof Inet6Address;
    } catch (IOException e) {
      return false;
    }
  }
}
