package dev.tcpwrap.core.tools;

import java.io.PrintStream;
import java.lang.reflect.Method;

/**
 * Commands that live outside core (the agent's {@code attach}), found by class name so that core
 * does not depend on the agent.
 */
final class Extensions {

  private Extensions() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  static int run(String command, String[] args, PrintStream out, PrintStream err)
      throws UsageException {
    String className;
    if (command.equals("attach")) {
      className = "dev.tcpwrap.agent.cli.AttachCommand";
    } else {
      throw new UsageException("unknown command (try --help)");
    }
    try {
      Class<?> c = Class.forName(className);
      Method m = c.getMethod("run", String[].class, PrintStream.class, PrintStream.class);
      return (Integer) m.invoke(null, args, out, err);
    } catch (ClassNotFoundException e) {
      throw new UsageException("not available in this build");
    } catch (ReflectiveOperationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      err.println("tcpwrap " + command + ": " + cause.getMessage());
      return 2;
    }
  }
}
