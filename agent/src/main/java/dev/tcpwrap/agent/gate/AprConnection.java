package dev.tcpwrap.agent.gate;

import dev.tcpwrap.core.action.SocketOptions;
import dev.tcpwrap.core.net.Inet4;
import dev.tcpwrap.core.net.Inet6;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * A connection accepted by Tomcat 9's APR connector, known by its APR socket handle: closing it
 * destroys the socket (closes it and frees its APR memory), which Tomcat then never sees. Used on
 * the acceptor thread only, before {@code serverSocketAccept()} returns (after an attach, also
 * before the acceptor hands on a socket that a call running since before the attach returned).
 *
 * <p>APR reports an IPv4 client of a listener bound to an IPv6 address (such as {@code ::}) in
 * family INET6 with its plain dotted address: an IPv4-mapped client, logged as {@code
 * ::ffff:a.b.c.d} as for any IPv6 listener.
 */
final class AprConnection implements NativeConnection {

  private final TomcatApr apr;
  private final Object endpoint;
  private final long socket;
  private final boolean counted;
  private TomcatApr.End remote;
  private boolean destroyed;

  /**
   * @param counted whether Tomcat has counted it as a connection already: a socket it is handed on
   *     (after an attach), not one its accept is yet to return
   */
  AprConnection(TomcatApr apr, Object endpoint, long socket, boolean counted) {
    this.apr = apr;
    this.endpoint = endpoint;
    this.socket = socket;
    this.counted = counted;
  }

  /**
   * @return the client end, {@code null} if it is no IP address (a Unix-domain socket)
   */
  @Override
  public InetSocketAddress remote() throws IOException {
    TomcatApr.End r = remoteEnd();
    return r.family() == TomcatApr.UNIX ? null : new InetSocketAddress(ip(r.ip()), r.port());
  }

  private TomcatApr.End remoteEnd() throws IOException {
    if (remote == null) {
      remote = end(TomcatApr.REMOTE);
    }
    return remote;
  }

  @Override
  public InetSocketAddress local() throws IOException {
    TomcatApr.End l = end(TomcatApr.LOCAL);
    return new InetSocketAddress(ip(l.ip()), l.port());
  }

  @Override
  public int localPort() throws IOException {
    return end(TomcatApr.LOCAL).port();
  }

  /** An accepted socket's addresses are in the listener's family, so the client's tells it. */
  @Override
  public boolean ipv6Listener() {
    try {
      return remoteEnd().family() == TomcatApr.INET6;
    } catch (IOException e) {
      return false;
    }
  }

  private TomcatApr.End end(int which) throws IOException {
    try {
      return apr.end(socket, which);
    } catch (Throwable t) {
      throw new IOException(
          (which == TomcatApr.REMOTE ? "peer" : "local") + " address unknown: " + t, t);
    }
  }

  // APR's text of an address, which is numeric: never a name lookup
  static InetAddress ip(String text) throws IOException {
    if (text != null) {
      long v4 = Inet4.ptonStrict(text, 0, text.length());
      if (v4 >= 0) {
        return InetAddress.getByAddress(
            new byte[] {(byte) (v4 >>> 24), (byte) (v4 >>> 16), (byte) (v4 >>> 8), (byte) v4});
      }
      Inet6.Address v6 = Inet6.numericHost(text);
      if (v6 != null) {
        return v6.scope() == 0
            ? InetAddress.getByAddress(v6.bytes())
            : Inet6Address.getByAddress(null, v6.bytes(), v6.scope());
      }
    }
    throw new IOException("not a numeric address: " + text);
  }

  /** No banner where a TLS handshake comes first: Tomcat attaches TLS after the accept. */
  @Override
  public boolean takesBanner() {
    try {
      return !apr.tls(endpoint);
    } catch (Throwable t) {
      return false;
    }
  }

  /**
   * Tomcat frees the APR memory of every socket of an endpoint when it stops: a command must not
   * hold one of its sockets past the accept.
   */
  @Override
  public boolean twistable() {
    return false;
  }

  @Override
  public int read(ByteBuffer buf) throws IOException {
    return NativeConnection.io("read", () -> apr.read(socket, buf));
  }

  @Override
  public int write(ByteBuffer buf) throws IOException {
    return NativeConnection.io("write", () -> apr.write(socket, buf));
  }

  /**
   * {@code keepalive} as APR sets it; {@code linger 0} turns lingering off, but APR turns it on
   * only with a time of its own (30 s), so {@code linger N} is a warning and not set.
   */
  @Override
  public void apply(SocketOptions so, Consumer<String> warn) {
    if (so.keepAlive()) {
      option(TomcatApr.SO_KEEPALIVE, 1, "setsockopt SO_KEEPALIVE", warn);
    }
    if (so.setsLinger()) {
      if (so.lingerSeconds() == 0) {
        option(TomcatApr.SO_LINGER, 0, "setsockopt SO_LINGER 0", warn);
      } else {
        warn.accept(
            "setsockopt SO_LINGER "
                + so.lingerSeconds()
                + ": not set (Tomcat's APR connector sets lingering only with APR's own 30 s)");
      }
    }
  }

  private void option(int option, int on, String what, Consumer<String> warn) {
    try {
      int status = apr.optSet(socket, option, on);
      if (status != 0) {
        warn.accept(what + ": APR status " + status);
      }
    } catch (Throwable t) {
      warn.accept(what + ": " + t);
    }
  }

  /** Destroys the socket, once: a second destroy would free its memory twice. */
  @Override
  public void close() throws IOException {
    if (destroyed) {
      return;
    }
    destroyed = true;
    try {
      if (counted) {
        apr.destroyCounted(endpoint, socket);
      } else {
        apr.destroy(socket);
      }
    } catch (Throwable t) {
      throw new IOException("destroying APR socket failed: " + t, t);
    }
  }

  @Override
  public String toString() {
    return "a connection of Tomcat's APR connector";
  }
}
