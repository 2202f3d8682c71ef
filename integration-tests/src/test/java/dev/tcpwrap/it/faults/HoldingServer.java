package dev.tcpwrap.it.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A server that survives running out of descriptors, as real servers do: it holds every connection
 * until the client sends a line ({@code HELLO <address>} back) or closes, prints {@code EMFILE}
 * when accept fails and carries on. Prints {@code READY <port>} once listening.
 */
public final class HoldingServer {

  private HoldingServer() {}

  public static void main(String[] args) throws IOException {
    ServerSocket ss = new ServerSocket();
    ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 500);
    print("READY " + ss.getLocalPort());
    while (true) {
      Socket s;
      try {
        s = ss.accept();
      } catch (IOException e) {
        print("EMFILE " + e.getMessage());
        sleep(20);
        continue;
      }
      Thread t = new Thread(() -> serve(s));
      t.setDaemon(true);
      t.start();
    }
  }

  private static void serve(Socket s) {
    try (s;
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream()) {
      int b;
      while ((b = in.read()) >= 0 && b != '\n') {
        // the client's line, or its close
      }
      if (b == '\n') {
        out.write(
            ("HELLO " + s.getInetAddress().getHostAddress() + "\n")
                .getBytes(StandardCharsets.US_ASCII));
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static synchronized void print(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
