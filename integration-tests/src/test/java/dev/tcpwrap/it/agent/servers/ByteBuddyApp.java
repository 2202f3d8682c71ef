package dev.tcpwrap.it.agent.servers;

/**
 * An application that ships its own (old) Byte Buddy: it defines a class with it, prints {@code
 * APPBB OK <version> <loaded from>}, then serves as {@link JdkServer} {@code PLAIN}. Byte Buddy is
 * used by reflection so this class compiles without it.
 */
public final class ByteBuddyApp {

  private ByteBuddyApp() {}

  public static void main(String[] args) throws Exception {
    try {
      Class<?> bb = Class.forName("net.bytebuddy.ByteBuddy");
      Class<?> cfv = Class.forName("net.bytebuddy.ClassFileVersion");
      Object v8 = cfv.getField("JAVA_V8").get(null);
      Object byteBuddy = bb.getConstructor(cfv).newInstance(v8);
      Object builder = bb.getMethod("subclass", Class.class).invoke(byteBuddy, Object.class);
      Object unloaded = builder.getClass().getMethod("make").invoke(builder);
      Object loaded =
          unloaded
              .getClass()
              .getMethod("load", ClassLoader.class)
              .invoke(unloaded, ByteBuddyApp.class.getClassLoader());
      Class<?> made = (Class<?>) loaded.getClass().getMethod("getLoaded").invoke(loaded);
      JdkServer.print(
          "APPBB OK "
              + made.getName()
              + " from "
              + bb.getProtectionDomain().getCodeSource().getLocation());
    } catch (Throwable t) {
      JdkServer.print("APPBB FAILED " + t);
    }
    JdkServer.main(new String[] {"PLAIN"});
  }
}
