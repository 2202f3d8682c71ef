package dev.tcpwrap.core.action;

import dev.tcpwrap.core.options.PercentExpansion;
import dev.tcpwrap.core.request.Request;
import dev.tcpwrap.core.text.RuleText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The {@code banners DIR} option: the bytes tcpd's {@code banners_option()} writes to the client
 * before the connection is refused or handed to the daemon. The agent writes them to the socket.
 *
 * <p>As libwrap: the file is {@code DIR/<daemon>}; leading NUL bytes are sent raw (a trick for
 * telnet-like protocols); then every line gets {@code %} expansion (with the shell-safety rule) and
 * its {@code \n} becomes {@code \r\n}; a last line without a newline is sent without one; a line
 * holding a NUL byte ends there, without line end (C string functions stop at it). A missing file
 * sends nothing, silently; a missing directory is a warning {@code DIR: No such file or directory}.
 *
 * <p>Unlike libwrap: a daemon name with {@code /} or {@code ..} is treated as a missing file, with
 * a warning (the daemon name comes from configuration and must not read outside DIR); the output is
 * capped at {@link #MAX_BYTES} with a warning (libwrap's only bound is its line buffer). Bytes
 * outside ASCII pass through unchanged.
 */
public final class Banners {

  /** The most bytes a banner sends. */
  public static final int MAX_BYTES = 64 * 1024;

  private Banners() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /**
   * The banner for {@code request} from directory {@code dir}, ready to be written to the client;
   * empty when there is none. Warnings (missing directory, unsafe daemon name, {@code unrecognized
   * %x}, truncation, read errors) go to {@code warn}. Never throws.
   */
  public static byte[] render(Path dir, Request request, Consumer<String> warn) {
    try {
      return renderChecked(dir, request, warn);
    } catch (IOException | RuntimeException e) {
      warn.accept(dir + "/" + request.daemon() + ": " + message(e));
      return new byte[0];
    }
  }

  private static byte[] renderChecked(Path dir, Request request, Consumer<String> warn)
      throws IOException {
    String daemon = request.daemon();
    if (daemon.isEmpty()
        || daemon.contains("/")
        || daemon.contains("..")
        || daemon.indexOf('\0') >= 0) {
      warn.accept(
          dir
              + ": banner for daemon \""
              + RuleText.printable(daemon)
              + "\" not sent: a daemon name with '/' or '..' cannot name a file in the directory");
      return new byte[0];
    }
    if (Files.notExists(dir)) {
      warn.accept(dir + ": No such file or directory");
      return new byte[0];
    }
    Path file = dir.resolve(daemon);
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      return new byte
          [0]; // fopen() fails: nothing is sent (and, the directory existing, nothing is said)
    }
    byte[] raw;
    try (InputStream in = Files.newInputStream(file)) {
      raw = in.readNBytes(MAX_BYTES + 1);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(raw.length * 2, MAX_BYTES) + 16);
    int i = 0;
    while (i < raw.length && raw[i] == 0) {
      out.write(0);
      i++;
    }
    while (i < raw.length) {
      int end = i;
      while (end < raw.length && raw[end] != '\n') {
        end++;
      }
      boolean newline = end < raw.length;
      int nul = i;
      while (nul < end && raw[nul] != 0) {
        nul++;
      }
      // Latin-1 maps each byte to one char and back, so the rule's own bytes pass unchanged.
      String line = new String(raw, i, nul - i, StandardCharsets.ISO_8859_1);
      if (newline && nul == end) {
        line = line + "\r\n";
      }
      byte[] expanded =
          PercentExpansion.expand(line, request, warn).getBytes(StandardCharsets.ISO_8859_1);
      if (out.size() + expanded.length > MAX_BYTES) {
        out.write(expanded, 0, MAX_BYTES - out.size());
        warn.accept(file + ": banner cut to " + MAX_BYTES + " bytes");
        return out.toByteArray();
      }
      out.write(expanded, 0, expanded.length);
      i = newline ? end + 1 : end;
    }
    if (raw.length > MAX_BYTES) {
      warn.accept(file + ": banner cut to " + MAX_BYTES + " bytes");
    }
    return out.toByteArray();
  }

  private static String message(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
