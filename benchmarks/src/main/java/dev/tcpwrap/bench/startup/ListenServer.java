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

  /**
   * The options of a harness that starts this server: {@code --key value} pairs, each key one of
   * {@code known}.
   *
   * @throws IllegalArgumentException for an unknown key or a key without a value
   */
  public static java.util.Map<String, String> options(String[] args, String... known) {
    java.util.Map<String, String> opt = new java.util.LinkedHashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (!java.util.List.of(known).contains(args[i]) || i + 1 == args.length) {
        throw new IllegalArgumentException(
            "unknown option or no value: "
                + args[i]
                + " (options: "
                + String.join(" ", known)
                + ")");
      }
      opt.put(args[i], args[i + 1]);
    }
    return opt;
  }

  /**
   * Reads a started server's output to its {@code READY} line.
   *
   * @return the port it listens on
   * @throws IOException if it ended before listening
   */
  public static int awaitReady(java.io.BufferedReader out) throws IOException {
    String line;
    while ((line = out.readLine()) != null && !line.startsWith("READY ")) {
      // the JVM's own output, if any
    }
    if (line == null) {
      throw new IOException("the server ended before listening");
    }
    return Integer.parseInt(line.substring(6).trim());
  }

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
