package dev.tcpwrap.agent;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;

/**
 * The classes of {@code dev.tcpwrap.agent.bootstrap} as the agent jar carries them: only inside the
 * nested jar {@value #RESOURCE} next to {@link TcpWrapAgent}, never as plain entries, so that no
 * class loader but the boot loader can ever hold a copy of them (see {@link TcpWrapAgent}).
 */
final class BootstrapJar {

  /** The nested jar holding the bootstrap classes, next to {@link TcpWrapAgent}. */
  static final String RESOURCE = "tcpwrap-bootstrap.jar.bin";

  /** The bootstrap dispatcher, by name only. */
  static final String GATE = "dev.tcpwrap.agent.bootstrap.AcceptGate";

  private BootstrapJar() {}

  /**
   * @return the nested jar's bytes
   * @throws IOException if the resource is missing or unreadable
   */
  static byte[] bytes() throws IOException {
    try (InputStream in = TcpWrapAgent.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IOException("missing resource " + RESOURCE + " in the agent jar");
      }
      return in.readAllBytes();
    }
  }

  /**
   * Reads the class files of a bootstrap jar, in the jar's order.
   *
   * @param jar the jar's bytes
   * @return binary class name ({@code dev.tcpwrap.agent.bootstrap.AcceptGate$Filter}) to class file
   * @throws IOException if the jar cannot be read or holds no gate
   */
  static Map<String, byte[]> classes(byte[] jar) throws IOException {
    Map<String, byte[]> classes = new LinkedHashMap<>();
    try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        String n = e.getName();
        if (!e.isDirectory() && n.endsWith(".class")) {
          classes.put(n.substring(0, n.length() - 6).replace('/', '.'), in.readAllBytes());
        }
      }
    }
    if (!classes.containsKey(GATE)) {
      throw new IOException(RESOURCE + " holds no " + GATE);
    }
    return classes;
  }
}
