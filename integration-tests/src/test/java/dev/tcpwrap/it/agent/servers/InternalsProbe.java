package dev.tcpwrap.it.agent.servers;

/**
 * Prints whether the application's class path got access to {@code jdk.internal.misc} ({@code
 * EXPORTED true|false}), which the agent exports to a class loader of its own to define its
 * bootstrap classes.
 */
public final class InternalsProbe {

  private InternalsProbe() {}

  public static void main(String[] args) {
    System.out.println(
        "EXPORTED "
            + Object.class
                .getModule()
                .isExported("jdk.internal.misc", InternalsProbe.class.getModule()));
  }
}
