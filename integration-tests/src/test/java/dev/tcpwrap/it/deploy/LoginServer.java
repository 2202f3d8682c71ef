package dev.tcpwrap.it.deploy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A tiny login service, the application fail2ban watches in docs/deploy.md: one line {@code LOGIN
 * USER PASSWORD} per connection, answered {@code WELCOME} (password {@code secret}) or {@code
 * DENIED}; each failure appends {@code yyyy-MM-dd HH:mm:ss,SSS WARN login failed for user USER from
 * ADDRESS} to the log file given as the argument. Listens on 127.0.0.1, prints {@code READY
 * <port>}.
 */
public final class LoginServer {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

  private LoginServer() {}

  public static void main(String[] args) throws Exception {
    Path log = Path.of(args[0]);
    try (ServerSocket server = new ServerSocket()) {
      server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      System.out.println("READY " + server.getLocalPort());
      System.out.flush();
      while (true) {
        try (Socket s = server.accept()) {
          s.setSoTimeout(5000);
          String client = s.getInetAddress().getHostAddress();
          BufferedReader in =
              new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
          String[] words = String.valueOf(in.readLine()).split(" ");
          OutputStream out = s.getOutputStream();
          if (words.length == 3 && words[0].equals("LOGIN") && words[2].equals("secret")) {
            out.write("WELCOME\n".getBytes(StandardCharsets.US_ASCII));
          } else {
            String user = words.length > 1 ? words[1] : "-";
            try (PrintWriter w =
                new PrintWriter(
                    Files.newBufferedWriter(
                        log, StandardOpenOption.CREATE, StandardOpenOption.APPEND))) {
              w.println(
                  LocalDateTime.now().format(TIME)
                      + " WARN login failed for user "
                      + user
                      + " from "
                      + client);
            }
            out.write("DENIED\n".getBytes(StandardCharsets.US_ASCII));
          }
          out.flush();
        } catch (java.io.IOException e) {
          // a client that went away
        }
      }
    }
  }
}
