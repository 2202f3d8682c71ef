package dev.tcpwrap.agent;

import dev.tcpwrap.agent.instrument.TransformCache;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.jar.JarFile;

/**
 * The agent's entry point ({@code Premain-Class} and {@code Agent-Class} of tcpwrap.jar).
 *
 * <p>Rules for this class: do as little as possible; touch no class of {@code
 * dev.tcpwrap.agent.bootstrap} (they must first be appended to the bootstrap class path, or a
 * second copy would load in this loader and the advice would never see the filter); let no {@code
 * Throwable} escape ({@code premain} throwing aborts the JVM). Everything else happens in {@link
 * AgentStarter}.
 */
public final class TcpWrapAgent {

  /** The nested jar holding the bootstrap classes, next to this class. */
  static final String BOOTSTRAP_JAR = "tcpwrap-bootstrap.jar.bin";

  /** The bootstrap dispatcher, by name only. */
  static final String BOOTSTRAP_GATE = "dev.tcpwrap.agent.bootstrap.AcceptGate";

  private TcpWrapAgent() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /**
   * Installs the agent at JVM start ({@code -javaagent:tcpwrap.jar=key=value,...}).
   *
   * @param args the agent arguments
   * @param inst the instrumentation
   */
  public static void premain(String args, Instrumentation inst) {
    start(args, inst, true);
  }

  /**
   * Installs the agent into a running JVM (attach).
   *
   * @param args the agent arguments
   * @param inst the instrumentation
   */
  public static void agentmain(String args, Instrumentation inst) {
    start(args, inst, false);
  }

  private static void start(String args, Instrumentation inst, boolean atStartup) {
    long t0 = System.nanoTime();
    try {
      TransformCache.configure(args);
      appendBootstrapJar(inst);
      AgentStarter.start(args, inst, atStartup, t0);
    } catch (Throwable t) {
      System.err.println("tcpwrap: error: agent not installed: " + t);
    }
  }

  // appends the nested bootstrap jar to the bootstrap search path: the verified copy in the cache
  // directory,
  // else a temporary file
  private static void appendBootstrapJar(Instrumentation inst) throws Exception {
    byte[] bytes;
    try (InputStream in = TcpWrapAgent.class.getResourceAsStream(BOOTSTRAP_JAR)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + BOOTSTRAP_JAR + " in the agent jar");
      }
      bytes = in.readAllBytes();
    }
    Path cached = cachedBootstrapJar(bytes);
    if (cached != null) {
      try (JarFile jar = new JarFile(cached.toFile())) {
        inst.appendToBootstrapClassLoaderSearch(jar);
      }
      Class.forName(BOOTSTRAP_GATE, true, null);
      return;
    }
    Path tmp = Files.createTempFile("tcpwrap-bootstrap-", ".jar");
    tmp.toFile().deleteOnExit();
    Files.write(tmp, bytes);
    try (JarFile jar = new JarFile(tmp.toFile())) {
      inst.appendToBootstrapClassLoaderSearch(jar);
    }
    // the VM holds the jar open from now on: load the gate from it, then the file itself can go
    Class.forName(BOOTSTRAP_GATE, true, null);
    try {
      Files.delete(tmp);
    } catch (Exception e) {
      // deleteOnExit stays in force
    }
  }

  /**
   * The bootstrap jar as a file in the cache root ({@code bootstrap-<build id>.jar}): reused when
   * it is ours, not writable by others and byte for byte the nested jar; else (re)written
   * atomically.
   *
   * @return the file, or {@code null} if the cache is off or not safe to use (the instrumentation
   *     says why)
   */
  static Path cachedBootstrapJar(byte[] bytes) {
    try {
      Path root = TransformCache.root();
      if (root == null) {
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
