package dev.tcpwrap.it.ops;

import dev.tcpwrap.it.agent.servers.JdkServer;

/**
 * An application that logs through its own SLF4J (whatever version is on its class path, by
 * reflection so the tests compile without one) before it serves: {@code Slf4jApp KIND}. Prints
 * {@code SLF4J <factory>} or {@code NO SLF4J}, then runs {@link JdkServer} of that kind.
 */
public final class Slf4jApp {

  private Slf4jApp() {}

  public static void main(String[] args) throws Exception {
    try {
      Class<?> factory = Class.forName("org.slf4j.LoggerFactory");
      Object logger = factory.getMethod("getLogger", String.class).invoke(null, "app");
      Class.forName("org.slf4j.Logger")
          .getMethod("info", String.class)
          .invoke(logger, "app starting");
      System.out.println(
          "SLF4J " + factory.getMethod("getILoggerFactory").invoke(null).getClass().getName());
    } catch (ClassNotFoundException e) {
      System.out.println("NO SLF4J");
    }
    System.out.flush();
    JdkServer.main(args);
  }
}
