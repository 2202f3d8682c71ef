package dev.tcpwrap.it.servers;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The stdout protocol of the framework server mains, read by {@code FrameworkServersTest}: {@code
 * READY <port>} once listening; {@code ACCEPT <address>} for every request the application handles,
 * with the remote address as the application sees it; {@code CONNECTION <address>} where the
 * framework reports a new connection before any request (Jetty, Netty); {@code FAILED <what>} for
 * anything unexpected; and before {@code READY}, one line naming the accept set-up in use (acceptor
 * count, protocol class, channel class...).
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

  /** The body every HTTP server answers with. */
  static String hello(String remote) {
    return "HELLO " + remote + "\n";
  }
}
