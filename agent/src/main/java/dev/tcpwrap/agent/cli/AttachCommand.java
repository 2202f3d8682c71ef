package dev.tcpwrap.agent.cli;

import dev.tcpwrap.agent.config.AgentConfig;
import dev.tcpwrap.agent.config.ConfigException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;

/**
 * {@code java -jar tcpwrap.jar attach PID [AGENT-ARGS]}: loads the agent into a running JVM.
 *
 * <p>Uses {@code com.sun.tools.attach.VirtualMachine} of the {@code jdk.attach} module by
 * reflection, so the jar still runs (and says why it cannot attach) where that module is absent.
 * The agent arguments are checked here first (unknown keys, bad values), then handed to the target;
 * after loading, the outcome the agent left in the target's {@link AgentStatus} property is
 * printed.
 *
 * <p>Several arguments after the PID are joined with commas: {@code attach 1234 daemon=shop
 * allow=/x}.
 *
 * <p>Exit status: 0 the agent is active in the target (installed now, or already before); 1
 * attaching or loading failed, or the agent refused to start (the reason is printed); 2 usage
 * error.
 */
public final class AttachCommand {

  private static final String VM = "com.sun.tools.attach.VirtualMachine";

  private AttachCommand() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /**
   * Runs the command.
   *
   * @param args {@code PID [AGENT-ARGS...]}
   * @param out where the outcome goes
   * @param err where errors go
   * @return the exit status: 0, 1 or 2
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help"))) {
      usage(out);
      return 0;
    }
    if (args.length < 1 || !args[0].matches("\\d{1,19}")) {
      err.println(
          "tcpwrap attach: "
              + (args.length < 1 ? "missing PID" : "not a process id: '" + args[0] + "'"));
      usage(err);
      return 2;
    }
    String pid = args[0];
    String agentArgs =
        args.length > 1 ? String.join(",", Arrays.copyOfRange(args, 1, args.length)) : null;
    try {
      AgentConfig.load(agentArgs, new Properties(), Map.of(), null);
    } catch (ConfigException e) {
      err.println("tcpwrap attach: configuration error: " + e.getMessage());
      return 2;
    }
    Path jar = ownJar();
    if (jar == null) {
      err.println(
          "tcpwrap attach: cannot find tcpwrap.jar (this command must run from the jar: "
              + "java -jar tcpwrap.jar attach PID ...)");
      return 1;
    }
    Class<?> vmClass;
    try {
      vmClass = Class.forName(VM);
    } catch (ClassNotFoundException | LinkageError e) {
      err.println(
          "tcpwrap attach: the jdk.attach module is not available in this Java runtime (use a full JDK,"
              + " or: jcmd "
              + pid
              + " JVMTI.agent_load "
              + jar
              + " '\"ARGS\"')");
      return 1;
    }
    return attach(vmClass, pid, jar, agentArgs, out, err);
  }

  private static int attach(
      Class<?> vmClass, String pid, Path jar, String agentArgs, PrintStream out, PrintStream err) {
    Object vm;
    try {
      vm = vmClass.getMethod("attach", String.class).invoke(null, pid);
    } catch (InvocationTargetException e) {
      err.println("tcpwrap attach: cannot attach to JVM " + pid + ": " + describe(e.getCause()));
      return 1;
    } catch (ReflectiveOperationException | RuntimeException e) {
      err.println("tcpwrap attach: cannot attach to JVM " + pid + ": " + describe(e));
      return 1;
    }
    try {
      Method props = vmClass.getMethod("getSystemProperties");
      AgentStatus before = AgentStatus.in((Properties) props.invoke(vm));
      try {
        vmClass
            .getMethod("loadAgent", String.class, String.class)
            .invoke(vm, jar.toString(), agentArgs);
      } catch (InvocationTargetException e) {
        err.println(
            "tcpwrap attach: JVM "
                + pid
                + " could not load "
                + jar
                + ": "
                + describe(e.getCause()));
        return 1;
      }
      AgentStatus after = AgentStatus.in((Properties) props.invoke(vm));
      return report(pid, jar, before, after, out, err);
    } catch (InvocationTargetException e) {
      err.println("tcpwrap attach: JVM " + pid + ": " + describe(e.getCause()));
      return 1;
    } catch (ReflectiveOperationException | RuntimeException e) {
      err.println("tcpwrap attach: JVM " + pid + ": " + describe(e));
      return 1;
    } finally {
      try {
        vmClass.getMethod("detach").invoke(vm);
      } catch (ReflectiveOperationException | RuntimeException ignored) {
        // the target may be gone already
      }
    }
  }

  // prints what the agent reported about this start
  private static int report(
      String pid,
      Path jar,
      AgentStatus before,
      AgentStatus after,
      PrintStream out,
      PrintStream err) {
    if (after == null || (before != null && before.sequence() == after.sequence())) {
      err.println(
          "tcpwrap attach: loaded "
              + jar
              + " into JVM "
              + pid
              + ", but the agent did not report back; see that JVM's standard error");
      return 1;
    }
    switch (after.outcome()) {
      case ACTIVE:
        out.println("tcpwrap attach: agent active in JVM " + pid + ": " + after.detail());
        // the one difference from an agent started with the JVM that an application can notice
        out.println(
            "tcpwrap attach: note: a ServerSocket accept() that was already waiting returns its"
                + " next connection closed if that one is refused, instead of skipping it");
        return 0;
      case ALREADY_ACTIVE:
        out.println(
            "tcpwrap attach: agent was already active in JVM " + pid + "; " + after.detail());
        return 0;
      default:
        err.println("tcpwrap attach: agent not started in JVM " + pid + ": " + after.detail());
        return 1;
    }
  }

  // the jar this class was loaded from, or null (e.g. run from a classes directory)
  static Path ownJar() {
    try {
      Path p =
          Path.of(AttachCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Files.isRegularFile(p) ? p.toAbsolutePath() : null;
    } catch (Exception e) {
      return null;
    }
  }

  // a failure in one line: its type and message
  static String describe(Throwable t) {
    String msg = t.getMessage();
    String type = t.getClass().getSimpleName();
    return msg == null || msg.isBlank() ? type : type + ": " + msg.replace('\n', ' ');
  }

  private static void usage(PrintStream s) {
    s.println("usage: java -jar tcpwrap.jar attach PID [KEY=VALUE[,KEY=VALUE...] ...]");
    s.println(
        "  loads the tcpwrap agent into the running JVM PID (same keys as -javaagent:tcpwrap.jar=...)");
    s.println("  exit 0 active, 1 failed, 2 usage error");
  }
}
