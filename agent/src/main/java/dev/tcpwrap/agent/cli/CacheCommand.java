package dev.tcpwrap.agent.cli;

import dev.tcpwrap.agent.instrument.TransformCache;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code java -jar tcpwrap.jar cache --prepare DIR}: fills a transformed-class cache for the
 * running JDK and this agent build, to be used read-only ({@code cache=readonly:DIR}) by JVMs of
 * other users, typically prepared by root at install time. Runs a JVM of the same JDK under the
 * agent with {@code cache=DIR} that loads the JDK's accept-path classes ({@link PrepareLoader}), so
 * the entries are exactly those any start would write; then makes the tree readable by everybody
 * and writable by nobody but its owner (directories 0755, entries 0644).
 *
 * <p>Exit status 0 prepared, 1 failed (one line says why), 2 usage error.
 */
final class CacheCommand {

  static final String USAGE = "usage: java -jar tcpwrap.jar cache --prepare DIR";

  private CacheCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length != 2 || !args[0].equals("--prepare")) {
      err.println(USAGE);
      return 2;
    }
    Path dir = Path.of(args[1]).toAbsolutePath().normalize();
    try {
      Path jar = agentJar();
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      if (Files.isSymbolicLink(dir)) {
        err.println("tcpwrap cache: " + dir + " is a symbolic link");
        return 1;
      }
      Files.createDirectories(dir);
      String failure = fill(java, jar, dir);
      if (failure != null) {
        err.println("tcpwrap cache: could not prepare " + dir + ": " + failure);
        return 1;
      }
      openUp(dir);
      int entries = entries(dir.resolve(TransformCache.buildId()).resolve(TransformCache.jdkId()));
      if (entries == 0) {
        err.println("tcpwrap cache: could not prepare " + dir + ": no class was instrumented");
        return 1;
      }
      out.println(
          "tcpwrap cache: prepared "
              + entries
              + " instrumented classes for Java "
              + System.getProperty("java.runtime.version")
              + " ("
              + System.getProperty("java.home")
              + ") in "
              + dir);
      out.println(
          "tcpwrap cache: start the agent with cache=readonly:"
              + dir
              + " (trusted only by users that cannot write it or any directory above it)");
      return 0;
    } catch (IllegalStateException e) {
      err.println("tcpwrap cache: could not prepare " + dir + ": " + e.getMessage());
      return 1;
    } catch (IOException | RuntimeException | InterruptedException e) {
      err.println("tcpwrap cache: could not prepare " + dir + ": " + e);
      return 1;
    }
  }

  // runs the loader under the agent writing to dir; null if it went well, else why not
  private static String fill(Path java, Path jar, Path dir)
      throws IOException, InterruptedException {
    Path none = dir.resolve(".no-rules");
    List<String> cmd =
        List.of(
            java.toString(),
            "-javaagent:"
                + jar
                + "=daemon=tcpwrap-cache,reload=off,log-level=warn,cache="
                + dir
                + ",allow="
                + none
                + ",deny="
                + none,
            "-cp",
            jar.toString(),
            PrepareLoader.class.getName());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("TCPWRAP_") || k.endsWith("JAVA_OPTIONS"));
    Process p = pb.start();
    p.getOutputStream().close();
    byte[] output = p.getInputStream().readAllBytes();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      return "the preparing JVM did not finish";
    }
    List<String> problems = new ArrayList<>();
    boolean loaded = false;
    for (String line : new String(output, StandardCharsets.UTF_8).split("\n")) {
      if (line.startsWith("LOADED ")) {
        loaded = true;
      } else if (line.contains("warning: ") || line.contains("error: ")) {
        problems.add(line.substring(line.indexOf(": ") + 2).trim());
      }
    }
    if (p.exitValue() != 0 || !loaded || !problems.isEmpty()) {
      return problems.isEmpty()
          ? "the preparing JVM exited with status " + p.exitValue()
          : String.join("; ", problems);
    }
    return null;
  }

  // the entries for this agent build and JDK
  private static int entries(Path jdkDir) throws IOException {
    if (!Files.isDirectory(jdkDir)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(jdkDir)) {
      return (int) s.filter(p -> p.getFileName().toString().endsWith(".class")).count();
    }
  }

  // directories 0755, entries 0644, temporary files removed
  private static void openUp(Path dir) throws IOException {
    List<Path> all;
    try (Stream<Path> s = Files.walk(dir)) {
      all = s.toList();
    }
    for (Path p : all) {
      String n = p.getFileName().toString();
      if (Files.isSymbolicLink(p)) {
        throw new IOException(p + " is a symbolic link");
      } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
      } else if (n.startsWith(".tmp-") || n.equals(".no-rules")) {
        Files.deleteIfExists(p);
      } else {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
      }
    }
  }

  private static Path agentJar() {
    Path jar = AttachCommand.ownJar();
    if (jar == null) {
      throw new IllegalStateException(
          "run this command from the agent jar (java -jar tcpwrap.jar cache ...)");
    }
    return jar;
  }
}
