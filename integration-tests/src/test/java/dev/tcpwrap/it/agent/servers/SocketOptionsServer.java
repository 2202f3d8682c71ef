package dev.tcpwrap.it.agent.servers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * A line server that shows the socket options of each connection it receives, for the {@code
 * keepalive} and {@code linger} rule options. Usage: {@code SocketOptionsServer PLAIN|CHANNEL}.
 * Prints {@code READY <port>}, then {@code ACCEPT <address> keepalive=<bool> linger=<n>} per
 * connection; answers {@code HELLO <address>} after one line.
 */
public final class SocketOptionsServer {

  private SocketOptionsServer() {}

  public static void main(String[] args) throws Exception {
    InetSocketAddress bind = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    if (args[0].equals("CHANNEL")) {
      ServerSocketChannel ssc = ServerSocketChannel.open().bind(bind);
      JdkServer.ready(((InetSocketAddress) ssc.getLocalAddress()).getPort());
      while (true) {
        serve(ssc.accept().socket());
      }
    }
    ServerSocket ss = new ServerSocket();
    ss.bind(bind, 200);
    JdkServer.ready(ss.getLocalPort());
    while (true) {
      serve(ss.accept());
    }
  }

  private static void serve(Socket s) throws IOException {
    JdkServer.print(
        "ACCEPT "
            + s.getInetAddress().getHostAddress()
            + " keepalive="
            + s.getKeepAlive()
            + " linger="
            + s.getSoLinger());
    Thread t =
        new Thread(
            () -> {
              try (s) {
                s.setSoTimeout(10_000);
                new BufferedReader(
                        new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
                OutputStream out = s.getOutputStream();
                out.write(
                    ("HELLO " + s.getInetAddress().getHostAddress() + "\n")
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
              } catch (IOException e) {
                JdkServer.print("IOERROR " + e);
              }
            });
    t.setDaemon(true);
    t.start();
  }
}
