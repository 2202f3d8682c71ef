package dev.tcpwrap.core.oracle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real Debian libwrap as a test oracle: compiles {@code src/test/c/libwrap_oracle.c} with gcc
 * into the build directory and runs it on batches of requests.
 */
final class LibwrapOracle {

  private final Path executable;

  private LibwrapOracle(Path executable) {
    this.executable = executable;
  }

  /**
   * Compiles the harness into {@code <build dir>/libwrap-oracle/}. Fails (never skips) when gcc or
   * libwrap's development files are missing, because then the differential test would silently test
   * nothing.
   */
  static LibwrapOracle compile() throws IOException, InterruptedException {
    Path buildDir = buildDirectory();
    Path baseDir =
        System.getProperty("basedir") != null
            ? Paths.get(System.getProperty("basedir"))
            : buildDir.getParent();
    Path source = baseDir.resolve("src/test/c/libwrap_oracle.c");
    if (!Files.isRegularFile(source)) {
      throw new IllegalStateException("harness source not found: " + source);
    }
    if (!Files.isRegularFile(Paths.get("/usr/include/tcpd.h"))) {
      throw new IllegalStateException(
          "/usr/include/tcpd.h is missing: the differential test needs Debian's"
              + " libwrap development files; install them with `apt-get install libwrap0-dev gcc`");
    }
    Path out = buildDir.resolve("libwrap-oracle");
    Files.createDirectories(out);
    Path exe = out.resolve("libwrap_oracle");
    List<String> cmd =
        List.of("gcc", "-O2", "-Wall", "-o", exe.toString(), source.toString(), "-lwrap");
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot run gcc ("
              + e.getMessage()
              + "): the differential test needs gcc"
              + " and Debian's libwrap; install them with `apt-get install gcc libwrap0-dev`",
          e);
    }
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(
          "compiling the libwrap oracle failed (is `libwrap0-dev` installed?): "
              + String.join(" ", cmd)
              + "\n"
              + log);
    }
    return new LibwrapOracle(exe);
  }

  /**
   * The build directory ({@code target/}, or whatever Maven uses): the parent of {@code
   * test-classes}.
   */
  private static Path buildDirectory() {
    try {
      Path classes =
          Paths.get(
              LibwrapOracle.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return classes.getParent();
    } catch (Exception e) {
      return Paths.get("target").toAbsolutePath();
    }
  }

  Path executable() {
    return executable;
  }

  /**
   * Runs one harness process over all {@code requests} (one line each) for a pair of tables;
   * returns one answer per request.
   */
  List<String> run(Path allow, Path deny, int port, List<String> requests, Path workDir)
      throws IOException, InterruptedException {
    Path in = workDir.resolve("requests.txt");
    Files.write(in, requests, StandardCharsets.ISO_8859_1);
    List<String> cmd =
        new ArrayList<>(List.of(executable.toString(), allow.toString(), deny.toString()));
    if (port >= 0) {
      cmd.add(Integer.toString(port));
    }
    Path err = workDir.resolve("oracle.stderr");
    Process p =
        new ProcessBuilder(cmd).redirectInput(in.toFile()).redirectError(err.toFile()).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("libwrap oracle timed out: " + String.join(" ", cmd));
    }
    List<String> answers = new String(out, StandardCharsets.ISO_8859_1).lines().toList();
    if (p.exitValue() != 0 || answers.size() != requests.size()) {
      throw new IllegalStateException(
          "libwrap oracle failed (exit "
              + p.exitValue()
              + ", "
              + answers.size()
              + " answers for "
              + requests.size()
              + " requests): "
              + String.join(" ", cmd)
              + "\n"
              + Files.readString(err, StandardCharsets.ISO_8859_1));
    }
    return answers;
  }
}
