package dev.tcpwrap.bench.e2e;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * The server of the end-to-end benchmark, run in a forked JVM (with and without the agent): one
 * thread accepts on 127.0.0.1:PORT, writes a short response and closes, forever. JDK classes only,
 * so it starts as fast as a JVM can.
 *
 * <p>Usage: {@code java -cp classes dev.tcpwrap.bench.e2e.E2eServer socket|channel PORT
 * [serve|close]}: {@code close} closes every accepted connection at once without writing (accept
 * and close: the baseline for refusals). {@link E2eNettyServer} serves Netty's native transports
 * the same way.
 */
public final class E2eServer {

  /** What every served connection receives. */
  static final byte[] RESPONSE =
      "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII);

  private E2eServer() {}

  /**
   * @param args {@code socket|channel PORT [serve|close]}
   */
  public static void main(String[] args) throws Exception {
    String kind = args[0];
    String what = args.length > 2 ? args[2] : "serve";
    if (!what.equals("serve") && !what.equals("close")) {
      throw new IllegalArgumentException("serve or close: " + what);
    }
    boolean serve = what.equals("serve");
    InetSocketAddress at =
        new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[1]));
    if (kind.equals("socket")) {
      try (ServerSocket server = new ServerSocket()) {
        server.setReuseAddress(true);
        server.bind(at, 512);
        while (true) {
          try (Socket s = server.accept()) {
            if (serve) {
              s.getOutputStream().write(RESPONSE);
            }
          } catch (java.io.IOException e) {
            // a client that went away; keep serving
          }
        }
      }
    } else if (kind.equals("channel")) {
      try (ServerSocketChannel server = ServerSocketChannel.open()) {
        server.bind(at, 512);
        while (true) {
          try (SocketChannel c = server.accept()) {
            ByteBuffer b = ByteBuffer.wrap(RESPONSE);
            while (serve && b.hasRemaining()) {
              c.write(b);
            }
          } catch (java.io.IOException e) {
            // a client that went away; keep serving
          }
        }
      }
    } else {
      throw new IllegalArgumentException("kind must be socket or channel: " + kind);
    }
  }
}
