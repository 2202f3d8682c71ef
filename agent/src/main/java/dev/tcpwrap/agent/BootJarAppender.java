package dev.tcpwrap.agent;

import dev.tcpwrap.agent.instrument.TransformCache;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.jar.JarFile;

/**
 * The fallback way to make the bootstrap classes visible to the boot loader, used only when {@link
 * BootDefiner} fails: the nested jar is appended to the boot loader's search path, which costs the
 * application class data sharing (the JVM says so on stdout). The jar is written to the cache root
 * ({@code bootstrap-<build id>.jar}, reused when it is the user's own, not writable by others and
 * byte for byte the nested jar), else to a temporary file.
 */
final class BootJarAppender {

  private BootJarAppender() {}

  /**
   * @param inst the instrumentation
   * @param jar the nested jar's bytes
   * @throws Exception if no file could be written or the JVM refuses it
   */
  static void append(Instrumentation inst, byte[] jar) throws Exception {
    Path cached = cachedJar(jar);
    if (cached != null) {
      try (JarFile j = new JarFile(cached.toFile())) {
        inst.appendToBootstrapClassLoaderSearch(j);
      }
      Class.forName(BootstrapJar.GATE, true, null);
      return;
    }
    Path tmp = Files.createTempFile("tcpwrap-bootstrap-", ".jar");
    tmp.toFile().deleteOnExit();
    Files.write(tmp, jar);
    try (JarFile j = new JarFile(tmp.toFile())) {
      inst.appendToBootstrapClassLoaderSearch(j);
    }
    // the VM holds the jar open from now on: load the gate from it, then the file itself can go
    Class.forName(BootstrapJar.GATE, true, null);
    try {
      Files.delete(tmp);
    } catch (Exception e) {
      // deleteOnExit stays in force
    }
  }

  /**
   * The bootstrap jar as a file in the cache root: reused when it is ours, not writable by others
   * and byte for byte the nested jar; else (re)written atomically.
   *
   * @return the file, or {@code null} if the cache is off, read-only or not safe to use
   */
  static Path cachedJar(byte[] bytes) {
    try {
      Path root = TransformCache.root();
      if (root == null || TransformCache.readOnly()) {
        return null;
      }
      Path dir = TransformCache.secureDir(root);
      String name = "bootstrap-" + TransformCache.buildId() + ".jar"; // content compared below
      Path f = dir.resolve(name);
      if (TransformCache.isTrustedFile(f) && Arrays.equals(Files.readAllBytes(f), bytes)) {
        return f;
      }
      if (TransformCache.writeAtomically(dir, name, bytes)
          && TransformCache.isTrustedFile(f)
          && Arrays.equals(Files.readAllBytes(f), bytes)) {
        return f;
      }
      return null;
    } catch (Exception e) {
      return null;
    }
  }
}
