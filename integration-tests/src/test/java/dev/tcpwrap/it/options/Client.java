package dev.tcpwrap.it.options;

import dev.tcpwrap.it.agent.harness.Probe;
import java.io.IOException;
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
    Probe.Result r = Probe.exchange(source, port, send, false);
    return switch (r.end()) {
      case TIMEOUT -> r.received() + "<TIMEOUT>";
      case RESET -> r.received() + "<RESET>";
      default -> r.received();
    };
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
