package dev.tcpwrap.core.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's real tcpdmatch (package {@code tcpd}) as the oracle of {@code match}: {@code tcpdmatch
 * -d} in a folder holding hosts.allow and hosts.deny. Fails, never skips, when it is missing: the
 * comparison would otherwise test nothing.
 */
final class Tcpdmatch {

  static final Path EXECUTABLE = Path.of("/usr/sbin/tcpdmatch");

  private Tcpdmatch() {}

  /** tcpdmatch's output lines for {@code daemon} and {@code client}, run in {@code dir}. */
  static List<String> run(Path dir, String daemon, String client)
      throws IOException, InterruptedException {
    if (!Files.isExecutable(EXECUTABLE)) {
      throw new IllegalStateException(
          EXECUTABLE + " is missing: the comparison needs Debian's tcpd (apt-get install tcpd)");
    }
    Process p =
        new ProcessBuilder(EXECUTABLE.toString(), "-d", daemon, client)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("tcpdmatch did not finish in 30 s");
    }
    return out.lines().toList();
  }

  /** The word of tcpdmatch's {@code access:} line: granted, denied or delegated. */
  static String access(Path dir, String daemon, String client)
      throws IOException, InterruptedException {
    List<String> lines = run(dir, daemon, client);
    String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    if (!last.startsWith("access:   ")) {
      throw new IllegalStateException("tcpdmatch printed no access line: " + lines);
    }
    return last.substring("access:   ".length());
  }
}
