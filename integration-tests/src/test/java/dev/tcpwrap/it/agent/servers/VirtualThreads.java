package dev.tcpwrap.it.agent.servers;

/** Starts virtual threads by reflection, so this module keeps compiling with release 17. */
final class VirtualThreads {

  private VirtualThreads() {}

  /** A server loop. */
  interface Body {
    void run() throws Exception;
  }

  /** Runs the body in a new virtual thread and waits for it (forever, for a server loop). */
  static void runAndWait(Body body) throws Exception {
    Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
    Runnable task =
        () -> {
          try {
            body.run();
          } catch (Exception e) {
            JdkServer.print("FAILED " + e);
          }
        };
    Thread t =
        (Thread)
            Class.forName("java.lang.Thread$Builder")
                .getMethod("start", Runnable.class)
                .invoke(builder, task);
    JdkServer.print("VIRTUAL " + Thread.class.getMethod("isVirtual").invoke(t));
    t.join();
  }
}
