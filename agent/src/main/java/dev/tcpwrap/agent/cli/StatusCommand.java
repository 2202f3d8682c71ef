package dev.tcpwrap.agent.cli;

import dev.tcpwrap.agent.metrics.StatusPublisher;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.util.Properties;

/**
 * {@code java -jar tcpwrap.jar status PID}: what the agent in a running JVM is doing.
 *
 * <p>Reads the target's system properties through the attach API ({@code
 * VirtualMachine.getSystemProperties()}, what {@code jcmd PID VM.system_properties} shows): the
 * status text the agent keeps current there ({@link StatusPublisher}) and the outcome of its start
 * ({@link AgentStatus}). Nothing is loaded into the target; a JVM without the agent stays without
 * it. Not JMX: reading an MBean from outside would start the JDK's management agent in the target,
 * an RMI listener for the rest of its life, which the agent's own rules may refuse.
 *
 * <p>Exit status: 0 an agent answered; 1 the JVM has no active agent, or cannot be asked (not
 * found, another user's, no {@code jdk.attach}); 2 usage error.
 */
public final class StatusCommand {

  private static final String VM = "com.sun.tools.attach.VirtualMachine";

  private StatusCommand() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /**
   * @param args {@code PID}
   * @return the exit status
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help"))) {
      usage(out);
      return 0;
    }
    if (args.length != 1 || !args[0].matches("\\d{1,19}")) {
      err.println(
          "tcpwrap status: "
              + (args.length == 0
                  ? "missing PID"
                  : args.length > 1 ? "one PID expected" : "not a process id: '" + args[0] + "'"));
      usage(err);
      return 2;
    }
    String pid = args[0];
    Properties props;
    try {
      props = systemProperties(pid);
    } catch (ClassNotFoundException | LinkageError e) {
      err.println(
          "tcpwrap status: the jdk.attach module is not available in this Java runtime (use a full"
              + " JDK)");
      return 1;
    } catch (Exception e) {
      err.println("tcpwrap status: cannot ask JVM " + pid + ": " + AttachCommand.describe(e));
      return 1;
    }
    return report(pid, props, out, err);
  }

  /**
   * Prints what the properties of JVM {@code pid} say about its agent.
   *
   * @return the exit status
   */
  static int report(String pid, Properties props, PrintStream out, PrintStream err) {
    AgentStatus started = AgentStatus.in(props);
    String text = props.getProperty(StatusPublisher.PROPERTY);
    if (started == null) {
      err.println("tcpwrap status: no tcpwrap agent in JVM " + pid);
      return 1;
    }
    if (started.outcome() != AgentStatus.Outcome.ACTIVE
        && started.outcome() != AgentStatus.Outcome.ALREADY_ACTIVE) {
      err.println(
          "tcpwrap status: the tcpwrap agent is not active in JVM "
              + pid
              + " ("
              + started.outcome().word()
              + "): "
              + started.detail());
      return 1;
    }
    out.println("tcpwrap agent in JVM " + pid + ": active");
    if (text == null) {
      // the status thread publishes within a second of the start
      out.println("(no status published yet; ask again in a second)");
      return 0;
    }
    out.print(text);
    return 0;
  }

  private static Properties systemProperties(String pid) throws Exception {
    Class<?> vmClass = Class.forName(VM);
    Object vm;
    try {
      vm = vmClass.getMethod("attach", String.class).invoke(null, pid);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception x ? x : e;
    }
    try {
      return (Properties) vmClass.getMethod("getSystemProperties").invoke(vm);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception x ? x : e;
    } finally {
      try {
        vmClass.getMethod("detach").invoke(vm);
      } catch (ReflectiveOperationException | RuntimeException ignored) {
        // the target may be gone already
      }
    }
  }

  private static void usage(PrintStream s) {
    s.println("usage: java -jar tcpwrap.jar status PID");
    s.println(
        "  what the tcpwrap agent in the running JVM PID is doing: mode, rule files, counters,"
            + " rules that decided most and never matched, last refused clients, open warnings");
    s.println("  exit 0 an agent answered, 1 the JVM has none (or cannot be asked), 2 usage error");
  }
}
