package dev.tcpwrap.agent;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Defines the bootstrap classes directly in the boot loader (class loader {@code null}), without
 * appending anything to its search path.
 *
 * <p>Why: {@code Instrumentation.appendToBootstrapClassLoaderSearch} makes HotSpot print "Sharing
 * is only supported for boot loader classes because bootstrap classpath has been appended" and turn
 * class data sharing off for every class of the platform and application loaders, so an
 * application's AppCDS archive stops working. A class defined in the boot loader changes no search
 * path, and the JVM keeps sharing.
 *
 * <p>How: {@code jdk.internal.misc.Unsafe.defineClass(name, bytes, 0, length, null, null)}, the
 * call the JDK itself uses to define a class in a given loader (there is no supported way to define
 * one in the boot loader). The call is made by {@code BootUnsafe} as defined in a class loader of
 * its own, and {@code jdk.internal.misc} is exported with {@code Instrumentation.redefineModule}
 * only to that loader's unnamed module: exported to the agent's own module, it would be open to
 * every class of the application's class path, which shares that module. Not Byte Buddy's {@code
 * ClassInjector.UsingUnsafe}: it goes through {@code sun.misc.Unsafe}, whose memory access methods
 * print a deprecation warning on Java 24 and later and which Byte Buddy turns off by default from
 * Java 26, and it would load Byte Buddy on every start, which a warm transformed-class cache
 * avoids.
 *
 * <p>Every bootstrap class has only JDK supertypes (a rule of that package, checked by a test), so
 * they can be defined in any order; all of them are defined before any is used.
 */
final class BootDefiner {

  private static final String PACKAGE = "jdk.internal.misc";

  private BootDefiner() {}

  /**
   * @param inst the instrumentation, for exporting {@value #PACKAGE}
   * @param classes binary name to class file, all defined
   * @throws Exception if the JDK refuses any step (the caller falls back)
   */
  @SuppressWarnings("unchecked")
  static void define(Instrumentation inst, Map<String, byte[]> classes) throws Exception {
    Class<?> definer = new PrivateLoader().definer();
    // BootUnsafe links its calls to Unsafe when they first run: after this export
    inst.redefineModule(
        Object.class.getModule(),
        Set.of(),
        Map.of(PACKAGE, Set.of(definer.getModule())),
        Map.of(),
        Set.of(),
        Map.of());
    ((Consumer<Map<String, byte[]>>) definer.getConstructor().newInstance()).accept(classes);
  }

  /** Holds only the private copy of {@code BootUnsafe}; JDK classes come from its parent. */
  private static final class PrivateLoader extends ClassLoader {

    PrivateLoader() {
      super("tcpwrap-boot-definer", ClassLoader.getPlatformClassLoader());
    }

    Class<?> definer() throws IOException {
      String resource = "BootUnsafe.class"; // by name: no copy of it in the agent's loader
      try (InputStream in = BootDefiner.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IOException("missing " + resource + " in the agent jar");
        }
        byte[] b = in.readAllBytes();
        return defineClass("dev.tcpwrap.agent.BootUnsafe", b, 0, b.length);
      }
    }
  }
}
