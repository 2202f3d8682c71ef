package dev.tcpwrap.agent;

import java.util.Map;
import java.util.function.Consumer;
import jdk.internal.misc.Unsafe;

/**
 * Defines classes in the boot loader with {@code jdk.internal.misc.Unsafe.defineClass(..., null,
 * null)}. {@link BootDefiner} never uses this class as loaded with the agent: it defines a private
 * copy in a class loader of its own and exports {@code jdk.internal.misc} only to that loader's
 * unnamed module, so that the application's class path (which shares the agent's unnamed module)
 * gains no access to the JDK's internals.
 *
 * <p>Compiled apart from the other sources (the agent pom's antrun step, {@code javac -source 17
 * -target 17 --add-exports java.base/jdk.internal.misc=ALL-UNNAMED}; {@code --release} forbids
 * that export) so that it calls {@code Unsafe} directly: on Java 18 and later the first {@code
 * Method.invoke} of a method spins method handle classes, about 30–40 ms of a JVM's start for
 * these two calls. The calls link when first run, after the export. JDK types only.
 */
public final class BootUnsafe implements Consumer<Map<String, byte[]>> {

  /**
   * @param classes binary name to class file, each defined in the boot loader
   */
  @Override
  public void accept(Map<String, byte[]> classes) {
    Unsafe unsafe = Unsafe.getUnsafe();
    for (Map.Entry<String, byte[]> c : classes.entrySet()) {
      byte[] b = c.getValue();
      unsafe.defineClass(c.getKey(), b, 0, b.length, null, null);
    }
  }
}
