package dev.tcpwrap.it.options;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;

/** Small clients and waits for the option tests. */
final class Client {

  private Client() {}

  /**
   * Connects from {@code source} to 127.0.0.1:port, sends {@code send} (if not null), reads until
   * the server closes (or 5 s pass) and returns every byte received, as ISO-8859-1 text.
   */
  static String exchange(String source, int port, String send) throws IOException {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(source, 0));
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      s.setSoTimeout(5_000);
      if (send != null) {
        s.getOutputStream().write(send.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
      }
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[4096];
      try {
        for (int n; (n = in.read(buf)) >= 0; ) {
          got.write(buf, 0, n);
        }
      } catch (SocketTimeoutException e) {
        got.write("<TIMEOUT>".getBytes(StandardCharsets.US_ASCII));
      } catch (IOException e) {
        got.write("<RESET>".getBytes(StandardCharsets.US_ASCII));
      }
      return got.toString(StandardCharsets.ISO_8859_1);
    }
  }

  /**
   * Waits until {@code file} exists and its content satisfies {@code done}; returns the content (or
   * what is there).
   */
  static String awaitFile(Path file, Predicate<String> done, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    String content = "";
    while (System.nanoTime() < deadline) {
      if (Files.exists(file)) {
        content = Files.readString(file, StandardCharsets.ISO_8859_1);
        if (done.test(content)) {
          return content;
        }
      }
      Thread.sleep(20);
    }
    return content;
  }
}
