package dev.tcpwrap.core.action;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * An RFC 1413 (ident, formerly RFC 931) client, as libwrap's {@code rfc931()}: asks the identd on
 * the client's host which user owns the connection. Used only when a rule needs the user ({@code
 * user@host} patterns, {@code %u}, the {@code rfc931} option), through {@link IdentLookup}.
 *
 * <p>The query goes from the server's own address (port chosen by the system), so that the client
 * host sees the same peer as for the connection, to port 113 of the client: {@code <client port> ,
 * <server port>\r\n}. The answer is one line, {@code <ports> : USERID : <os>[,<charset>] : <user>},
 * accepted only when its ports are the ones asked about (as libwrap checks); the user is the first
 * word after the third colon, at most 255 characters (libwrap's {@code %255s}). {@code ERROR}
 * answers, anything else, silence and any failure give null, and the request's user is then {@code
 * unknown}; so is a user with a control character or parenthesis, which could fake a field of the
 * log line (libwrap keeps it). The whole exchange, connect and read, is bounded by the timeout
 * (libwrap's default is {@link #DEFAULT_TIMEOUT}; {@code rfc931 N} sets it per rule).
 *
 * <p>The answer is only as trustworthy as the client host: it says nothing about a host an attacker
 * controls.
 */
public final class IdentClient {

  /** libwrap's {@code RFC931_TIMEOUT} (Debian: 10 s). */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** The ident port. */
  public static final int IDENT_PORT = 113;

  /** The longest answer line read, in bytes (RFC 1413 allows 1000 characters). */
  public static final int MAX_LINE = 1000;

  /** The longest user name kept, as libwrap's {@code %255s}. */
  static final int MAX_USER = 255;

  /** A client that asks port 113. */
  public static final IdentClient STANDARD = new IdentClient(IDENT_PORT);

  private final int port;

  /** A client that asks {@code port} on the client host (113 except in tests). */
  public IdentClient(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("bad port: " + port);
    }
    this.port = port;
  }

  /**
   * The user name the client's identd gives for the connection from {@code client} to {@code
   * server}, or null. Never throws; returns within about {@code timeout}.
   */
  public String user(InetSocketAddress client, InetSocketAddress server, Duration timeout) {
    if (client == null
        || client.getAddress() == null
        || server == null
        || timeout == null
        || timeout.isNegative()
        || timeout.isZero()) {
      return null;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Socket s = new Socket()) {
      if (server.getAddress() != null && !server.getAddress().isAnyLocalAddress()) {
        s.bind(new InetSocketAddress(server.getAddress(), 0));
      }
      s.connect(new InetSocketAddress(client.getAddress(), port), remainingMillis(deadline));
      OutputStream out = s.getOutputStream();
      out.write(
          (client.getPort() + " , " + server.getPort() + "\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String line = readLine(s, deadline);
      return line == null ? null : parse(line, client.getPort(), server.getPort());
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** One line ending in {@code \n}, within the deadline and {@link #MAX_LINE} bytes; else null. */
  private static String readLine(Socket s, long deadline) throws IOException {
    InputStream in = s.getInputStream();
    byte[] buf = new byte[MAX_LINE];
    int len = 0;
    while (len < buf.length) {
      s.setSoTimeout(remainingMillis(deadline));
      int n = in.read(buf, len, buf.length - len);
      if (n < 0) {
        return null; // libwrap: a reply cut by end of file is no reply
      }
      for (int k = len; k < len + n; k++) {
        if (buf[k] == '\n') {
          return new String(buf, 0, k, StandardCharsets.ISO_8859_1);
        }
      }
      len += n;
    }
    return null;
  }

  private static int remainingMillis(long deadline) throws IOException {
    long ms = (deadline - System.nanoTime()) / 1_000_000;
    if (ms <= 0) {
      throw new IOException("ident timeout");
    }
    return (int) Math.min(ms, Integer.MAX_VALUE);
  }

  /**
   * The user in an answer line (without its {@code \n}) for the given ports, or null: libwrap's
   * {@code sscanf("%u , %u : USERID :%*[^:]:%255s")} and port comparison.
   */
  static String parse(String line, int clientPort, int serverPort) {
    String[] f = line.split(":", 4);
    if (f.length < 4) {
      return null;
    }
    String[] ports = f[0].split(",", -1);
    if (ports.length != 2
        || !isPort(ports[0].trim(), clientPort)
        || !isPort(ports[1].trim(), serverPort)) {
      return null;
    }
    if (!f[1].trim().equalsIgnoreCase("USERID") || f[2].isEmpty()) {
      return null;
    }
    String rest = f[3];
    int a = 0;
    while (a < rest.length() && isBlank(rest.charAt(a))) {
      a++;
    }
    int b = a;
    while (b < rest.length() && !isBlank(rest.charAt(b)) && b - a < MAX_USER) {
      b++;
    }
    String user = rest.substring(a, b);
    int cr = user.indexOf('\r');
    if (cr >= 0) {
      user = user.substring(0, cr);
    }
    return user.isEmpty() || !printable(user) ? null : user;
  }

  // The user goes into log lines as user@host: nothing that could fake a field there.
  private static boolean printable(String user) {
    for (int i = 0; i < user.length(); i++) {
      char c = user.charAt(i);
      if (c <= ' ' || c == 0x7f || c == '(' || c == ')') {
        return false;
      }
    }
    return true;
  }

  private static boolean isPort(String text, int expected) {
    if (text.isEmpty() || text.length() > 5) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return false;
      }
    }
    return Integer.parseInt(text) == expected;
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\f' || c == '\r';
  }
}
