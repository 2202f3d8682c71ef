package dev.tcpwrap.agent;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Defines classes in the boot loader with {@code jdk.internal.misc.Unsafe.defineClass(..., null,
 * null)}. {@link BootDefiner} never uses this class as loaded with the agent: it defines a private
 * copy in a class loader of its own and exports {@code jdk.internal.misc} only to that loader's
 * unnamed module, so that the application's class path (which shares the agent's unnamed module)
 * gains no access to the JDK's internals. Hence JDK types only, and reflection: the access check of
 * {@code Method.invoke} is made against this class's module.
 */
public final class BootUnsafe implements Consumer<Map<String, byte[]>> {

  /**
   * @param classes binary name to class file, each defined in the boot loader
   * @throws IllegalStateException if the JDK refuses any of them
   */
  @Override
  public void accept(Map<String, byte[]> classes) {
    try {
      Class<?> unsafeClass = Class.forName("jdk.internal.misc.Unsafe");
      Method define =
          unsafeClass.getMethod(
              "defineClass",
              String.class,
              byte[].class,
              int.class,
              int.class,
              ClassLoader.class,
              ProtectionDomain.class);
      Object unsafe = unsafeClass.getMethod("getUnsafe").invoke(null);
      for (Map.Entry<String, byte[]> c : classes.entrySet()) {
        byte[] b = c.getValue();
        define.invoke(unsafe, c.getKey(), b, 0, b.length, null, null);
      }
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(String.valueOf(e.getCause()), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e.toString(), e);
    }
  }
}
