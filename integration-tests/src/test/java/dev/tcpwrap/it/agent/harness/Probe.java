package dev.tcpwrap.it.agent.harness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A client connection from a chosen loopback source address ({@code 127.0.0.1} is allowed by the
 * test rules, {@code 127.0.0.2} refused). Sends one line and reads until the server closes.
 */
public final class Probe {

  /** What a probe saw. */
  public enum End {
    EOF,
    RESET,
    TIMEOUT,
    /** the server answered and kept the connection open; the client closed it */
    OPEN
  }

  /**
   * @param received the bytes the server sent
   * @param end how the connection ended
   */
  public record Result(String received, End end) {
    /**
     * @return whether the server sent anything at all
     */
    public boolean gotBytes() {
      return !received.isEmpty();
    }
  }

  private Probe() {}

  /**
   * @return a socket bound to {@code source}, connected to 127.0.0.1:port, with {@code
   *     timeoutMillis} for the connect and for each read
   */
  public static Socket connect(String source, int port, int timeoutMillis) throws IOException {
    Socket s = new Socket();
    try {
      s.bind(new InetSocketAddress(source, 0));
      s.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
      s.setSoTimeout(timeoutMillis);
      return s;
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  /**
   * Writes {@code bytes} to {@code s}.
   *
   * @return false if the connection was reset (the server refused it before the write)
   */
  public static boolean send(Socket s, byte[] bytes) throws IOException {
    try {
      OutputStream out = s.getOutputStream();
      out.write(bytes);
      out.flush();
      return true;
    } catch (SocketException e) {
      return false;
    }
  }

  /** Connects from {@code source} to 127.0.0.1:port, sends a line, reads to the end. */
  public static Result plain(String source, int port) throws IOException {
    try (Socket s = connect(source, port, 5_000)) {
      if (!send(s, "PING\n".getBytes(StandardCharsets.US_ASCII))) {
        return new Result("", End.RESET);
      }
      return readToEnd(s.getInputStream(), StandardCharsets.UTF_8);
    }
  }

  /**
   * Connects from {@code source} to 127.0.0.1:port, sends {@code send} (if not null; then
   * half-closes when {@code halfClose}), reads to the end (or 5 s).
   */
  public static Result exchange(String source, int port, String send, boolean halfClose)
      throws IOException {
    try (Socket s = connect(source, port, 5_000)) {
      if (send != null) {
        s.getOutputStream().write(send.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        if (halfClose) {
          s.shutdownOutput();
        }
      }
      return readToEnd(s.getInputStream(), StandardCharsets.ISO_8859_1);
    }
  }

  /** The same over TLS, trusting any certificate (the server's is self-signed). */
  public static Result tls(String source, int port) throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, new TrustManager[] {new TrustAll()}, null);
    try (Socket raw = connect(source, port, 5_000)) {
      try (SSLSocket s =
          (SSLSocket) ctx.getSocketFactory().createSocket(raw, "localhost", port, true)) {
        s.getOutputStream().write("PING\n".getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return readToEnd(s.getInputStream(), StandardCharsets.UTF_8);
      } catch (javax.net.ssl.SSLException e) {
        return new Result("", End.RESET);
      }
    }
  }

  private static Result readToEnd(InputStream in, java.nio.charset.Charset charset) {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    End end = End.EOF;
    byte[] buf = new byte[512];
    try {
      for (int n; (n = in.read(buf)) >= 0; ) {
        got.write(buf, 0, n);
      }
    } catch (SocketTimeoutException e) {
      end = End.TIMEOUT;
    } catch (IOException e) {
      end = End.RESET;
    }
    return new Result(got.toString(charset), end);
  }

  /** Trusts every server certificate (test only). */
  private static final class TrustAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
