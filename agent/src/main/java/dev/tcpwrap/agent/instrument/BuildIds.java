package dev.tcpwrap.agent.instrument;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The two directory levels of the {@link TransformCache} below its root: the agent build and the
 * running JDK, what the transformed bytes depend on besides the original class. A new agent or a
 * new JDK thus starts an empty directory instead of reading entries made for another.
 */
final class BuildIds {

  private BuildIds() {}

  /** Identifies the running JDK build (the transformation may depend on its classes). */
  static String jdkId() {
    String v =
        System.getProperty("java.runtime.version", "unknown")
            + "-"
            + System.getProperty("os.arch", "");
    String h =
        TransformCache.hex(
            TransformCache.sha256(
                (System.getProperty("java.home")
                        + "\n"
                        + System.getProperty("java.vm.vendor")
                        + "\n"
                        + System.getProperty("java.vm.version"))
                    .getBytes(StandardCharsets.UTF_8)));
    return v.replaceAll("[^A-Za-z0-9._+-]", "_") + "-" + h.substring(0, 12);
  }

  /**
   * The agent build id: what the transformed bytes depend on besides the class itself (the advice,
   * the Byte Buddy set-up and version, the bootstrap classes). Written at build time into the
   * resource {@code build-id} (a SHA-256 over those class files, see agent/pom.xml).
   *
   * @return the id (file-name safe)
   * @throws IOException if the resource is missing or unreadable
   */
  static String buildId() throws IOException {
    try (InputStream in = TransformCache.class.getResourceAsStream("build-id")) {
      if (in != null) {
        String id = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
        if (id.matches("[A-Za-z0-9._-]{8,100}")) {
          return id;
        }
      }
    }
    // the build writes it (agent/pom.xml); classes run without that step have no cache
    throw new IOException("the agent build id (resource build-id) is missing");
  }
}
