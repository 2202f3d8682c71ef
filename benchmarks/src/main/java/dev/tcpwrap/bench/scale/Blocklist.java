package dev.tcpwrap.bench.scale;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The blocklist of issue 10, generated from a fixed seed: 70 % {@code ALL: a.b.c.d}, 20 % {@code
 * sshd: a.b.c.0/24}, 10 % {@code ALL: [2001:db8:…]} (random in the rest of 2001:db8::/32), so that
 * every run and every engineer measures the same file.
 */
public final class Blocklist {

  public static final long SEED = 20261203L;

  private Blocklist() {}

  /** Writes {@code rules} lines to {@code file}. */
  public static void write(Path file, int rules) throws IOException {
    SplittableRandom rnd = new SplittableRandom(SEED);
    StringBuilder sb = new StringBuilder(64);
    try (OutputStream out = Files.newOutputStream(file)) {
      byte[] buf = new byte[1 << 16];
      int n = 0;
      for (int i = 0; i < rules; i++) {
        sb.setLength(0);
        line(rnd, sb);
        byte[] b = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (n + b.length > buf.length) {
          out.write(buf, 0, n);
          n = 0;
        }
        System.arraycopy(b, 0, buf, n, b.length);
        n += b.length;
      }
      out.write(buf, 0, n);
    }
  }

  /** One line, newline included. */
  static void line(SplittableRandom rnd, StringBuilder sb) {
    int kind = rnd.nextInt(10);
    if (kind < 7) {
      sb.append("ALL: ")
          .append(1 + rnd.nextInt(223))
          .append('.')
          .append(rnd.nextInt(256))
          .append('.')
          .append(rnd.nextInt(256))
          .append('.')
          .append(1 + rnd.nextInt(254));
    } else if (kind < 9) {
      sb.append("sshd: ")
          .append(1 + rnd.nextInt(223))
          .append('.')
          .append(rnd.nextInt(256))
          .append('.')
          .append(rnd.nextInt(256))
          .append(".0/24");
    } else {
      sb.append("ALL: [2001:db8");
      for (int k = 0; k < 6; k++) {
        sb.append(':').append(Integer.toHexString(rnd.nextInt(0x10000)));
      }
      sb.append(']');
    }
    sb.append('\n');
  }

  /**
   * The file for {@code rules} rules under {@code dir} ({@code hosts.deny.RULES}), written the
   * first time.
   */
  public static Path file(Path dir, int rules) throws IOException {
    Path f = dir.resolve("hosts.deny." + rules);
    if (!Files.exists(f)) {
      Files.createDirectories(dir);
      Path tmp = dir.resolve("hosts.deny." + rules + ".tmp");
      write(tmp, rules);
      Files.move(tmp, f, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
    return f;
  }
}
