package dev.tcpwrap.bench.startup;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The application of {@link RulesStartup}: listens, prints {@code READY <port>}, and answers every
 * connection with {@code OK}. Nothing else, so that its own start-up is the JVM's.
 */
public final class ListenServer {

  private ListenServer() {}

  public static void main(String[] args) throws IOException {
    try (ServerSocket ss = new ServerSocket()) {
      ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      System.out.println("READY " + ss.getLocalPort());
      System.out.flush();
      while (true) {
        try (Socket s = ss.accept();
            OutputStream out = s.getOutputStream()) {
          out.write("OK\n".getBytes(StandardCharsets.US_ASCII));
        }
      }
    }
  }
}
