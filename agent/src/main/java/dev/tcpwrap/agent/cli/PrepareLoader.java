package dev.tcpwrap.agent.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The main class of the JVM that {@code cache --prepare} starts under the agent: it loads, without
 * initializing, every class of the JDK packages where the agent instruments accept paths, so that
 * the agent in this JVM instruments each one it selects exactly as at any application's start and
 * stores it in the cache being prepared. Prints the number of classes loaded.
 */
public final class PrepareLoader {

  /** The {@code java.base} packages holding the classes the agent instruments at JVM start. */
  static final List<String> PACKAGES =
      List.of("java/net", "java/nio/channels", "javax/net/ssl", "sun/nio/ch", "sun/security/ssl");

  private PrepareLoader() {}

  public static void main(String[] args) throws IOException {
    int loaded = 0;
    FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
    for (String pkg : PACKAGES) {
      Path dir = jrt.getPath("/modules/java.base", pkg);
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          String n = f.getFileName().toString();
          if (!n.endsWith(".class") || n.equals("module-info.class")) {
            continue;
          }
          try {
            Class.forName(
                (pkg + "/" + n.substring(0, n.length() - 6)).replace('/', '.'), false, null);
            loaded++;
          } catch (Throwable e) {
            // a class of another platform, or one that cannot load here: nothing to prepare
          }
        }
      }
    }
    System.out.println("LOADED " + loaded);
  }
}
