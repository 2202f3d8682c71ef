package dev.tcpwrap.it.inetd;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A service as inetd starts it, one mode per way a Java program meets its inherited socket. Every
 * line it writes to the marker file (argument 2) proves it ran: {@code STARTED <pid>} first thing
 * in {@code main}, {@code ACCEPT <address>} for each accepted client.
 *
 * <ul>
 *   <li>{@code CHANNEL}: {@code System.inheritedChannel()} is the client's connection; reads a line
 *       and answers {@code HELLO <client address> blocking=<mode>}.
 *   <li>{@code STDIO}: the classic inetd program, standard input and output are the connection;
 *       answers {@code HELLO STDIO <line>}.
 *   <li>{@code LISTEN}: inetd {@code wait}: {@code System.inheritedChannel()} is the listening
 *       socket; accepts, answers one client {@code HELLO <address>}, then ends.
 * </ul>
 */
public final class InetdApp {

  private InetdApp() {}

  public static void main(String[] args) throws Exception {
    Path marker = Path.of(args[1]);
    mark(marker, "STARTED " + ProcessHandle.current().pid());
    switch (args[0]) {
      case "CHANNEL" -> serve((SocketChannel) System.inheritedChannel(), marker, true);
      case "STDIO" -> stdio();
      case "LISTEN" -> listen((ServerSocketChannel) System.inheritedChannel(), marker);
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  private static void stdio() throws IOException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
    String line = in.readLine();
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.US_ASCII);
    out.print("HELLO STDIO " + line + "\n");
    out.flush();
  }

  private static void listen(ServerSocketChannel server, Path marker) throws IOException {
    Thread guard =
        new Thread(
            () -> {
              try {
                Thread.sleep(60_000);
              } catch (InterruptedException e) {
                return;
              }
              System.exit(3); // no client came: give the port back to xinetd
            });
    guard.setDaemon(true);
    guard.start();
    try (SocketChannel c = server.accept()) {
      serve(c, marker, false);
    }
  }

  private static void serve(SocketChannel c, Path marker, boolean showBlocking) throws IOException {
    String peer = ((InetSocketAddress) c.getRemoteAddress()).getAddress().getHostAddress();
    mark(marker, "ACCEPT " + peer);
    boolean blocking = c.isBlocking();
    ByteBuffer buf = ByteBuffer.allocate(256);
    while (c.read(buf) > 0 && buf.get(buf.position() - 1) != '\n') {
      // until the client's line is in
    }
    String reply = "HELLO " + peer + (showBlocking ? " blocking=" + blocking : "") + "\n";
    ByteBuffer out = ByteBuffer.wrap(reply.getBytes(StandardCharsets.US_ASCII));
    while (out.hasRemaining()) {
      c.write(out);
    }
    c.close();
  }

  private static void mark(Path marker, String line) throws IOException {
    Files.writeString(
        marker,
        line + "\n",
        StandardCharsets.US_ASCII,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }
}
