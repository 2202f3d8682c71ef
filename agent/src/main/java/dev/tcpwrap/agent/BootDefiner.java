package dev.tcpwrap.agent;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Set;

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
 * call the JDK itself uses to define classes in a given loader. Its package is exported to the
 * agent's module (the application class loader's unnamed module, which the agent jar shares with
 * the class path) with {@code Instrumentation.redefineModule}; the JDK has no supported way to
 * define a class in the boot loader. Not Byte Buddy's {@code ClassInjector.UsingUnsafe}: it goes
 * through {@code sun.misc.Unsafe}, whose memory access methods print a deprecation warning on Java
 * 24 and later and which Byte Buddy turns off by default from Java 26, and it would load Byte Buddy
 * on every start, which a warm transformed-class cache avoids.
 *
 * <p>Every bootstrap class has only JDK supertypes (a rule of that package, checked by a test), so
 * they can be defined in any order; all of them are defined before any is used.
 */
final class BootDefiner {

  private static final String PACKAGE = "jdk.internal.misc";

  private BootDefiner() {}

  /**
   * @param inst the instrumentation, for exporting {@value #PACKAGE} to the agent
   * @param classes binary name to class file, all defined
   * @throws Exception if the JDK refuses any step (the caller falls back)
   */
  static void define(Instrumentation inst, Map<String, byte[]> classes) throws Exception {
    Module base = Object.class.getModule();
    Module agent = BootDefiner.class.getModule();
    if (!base.isExported(PACKAGE, agent)) {
      inst.redefineModule(
          base, Set.of(), Map.of(PACKAGE, Set.of(agent)), Map.of(), Set.of(), Map.of());
    }
    Class<?> unsafeClass = Class.forName(PACKAGE + ".Unsafe");
    Method define =
        unsafeClass.getMethod(
            "defineClass",
            String.class,
            byte[].class,
            int.class,
            int.class,
            ClassLoader.class,
            ProtectionDomain.class);
    try {
      Object unsafe = unsafeClass.getMethod("getUnsafe").invoke(null);
      for (Map.Entry<String, byte[]> c : classes.entrySet()) {
        byte[] b = c.getValue();
        define.invoke(unsafe, c.getKey(), b, 0, b.length, null, null);
      }
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw cause instanceof Exception ? (Exception) cause : new IllegalStateException(cause);
    }
  }
}
