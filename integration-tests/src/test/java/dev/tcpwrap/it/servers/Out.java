package dev.tcpwrap.it.servers;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The stdout protocol of the framework server mains, read by {@code FrameworkServersTest}: {@code
 * READY <port>} once listening; {@code ACCEPT <address>} for every request the application handles,
 * with the remote address as the application sees it; {@code CONNECTION <address>} where the
 * framework reports a new connection before any request (Jetty, Netty); {@code FAILED <what>} for
 * anything unexpected; and before {@code READY}, the lines naming the accept set-up in use
 * (acceptor count, protocol class, server channel class, library version...).
 */
final class Out {

  /** The address the servers listen on. */
  static final String HOST = "127.0.0.1";

  private Out() {}

  static void ready(int port) {
    print("READY " + port);
  }

  static synchronized void print(String line) {
    System.out.println(line);
    System.out.flush();
  }

  /**
   * @return the host address of a socket address, or its text when it is no IP address
   */
  static String host(SocketAddress a) {
    return a instanceof InetSocketAddress i && i.getAddress() != null
        ? i.getAddress().getHostAddress()
        : String.valueOf(a);
  }

  /**
   * @return the version of the {@code netty-transport} jar in use (Netty's own version record)
   */
  static String nettyVersion() {
    io.netty.util.Version v = io.netty.util.Version.identify().get("netty-transport");
    return v == null ? "unknown" : v.artifactVersion();
  }

  /**
   * Reads a field of an object, declared by its class or a superclass: for the few servers whose
   * API does not tell which server channel they bound (gRPC, Vert.x).
   */
  static Object field(Object o, String name) throws ReflectiveOperationException {
    for (Class<?> c = o.getClass(); c != null; c = c.getSuperclass()) {
      try {
        java.lang.reflect.Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(o);
      } catch (NoSuchFieldException e) {
        // try the superclass
      }
    }
    throw new NoSuchFieldException(o.getClass().getName() + "." + name);
  }

  /** The body every HTTP server answers with. */
  static String hello(String remote) {
    return "HELLO " + remote + "\n";
  }
}
