package dev.tcpwrap.agent;

import dev.tcpwrap.agent.cli.AgentStatus;
import dev.tcpwrap.agent.config.AgentConfig;
import dev.tcpwrap.agent.config.ConfigException;
import dev.tcpwrap.agent.log.Stderr;

/**
 * A failure to put the agent in place that happened where {@link AgentStarter} cannot handle it:
 * before the bootstrap classes are visible (AgentStarter refers to them and cannot even be linked
 * without them), or anything that escaped it. It follows {@code onerror} as AgentStarter's own
 * install failures do, with the same configuration (a bad one is a configuration error, as there):
 * at JVM start {@code deny} stops the JVM with one line on stderr and status {@value
 * AgentStarter#EXIT_INSTALL} before the application's {@code main}; {@code allow} prints one line
 * with {@code UNPROTECTED} and lets the application run. An attach never stops the JVM: it reports
 * the failure ({@link AgentStatus}) and changes nothing.
 *
 * <p>Uses no class of {@code dev.tcpwrap.agent.bootstrap} (nor any class that refers to one) and
 * only stderr: the agent's log is not open yet.
 */
final class InstallFailure {

  private InstallFailure() {}

  /**
   * @param args the agent arguments
   * @param atStartup {@code true} for premain
   * @param reason what failed, one line
   */
  static void handle(String args, boolean atStartup, String reason) {
    String why = reason.replace('\n', ' ').replace('\r', ' ');
    boolean deny;
    try {
      deny =
          AgentConfig.load(
                  args,
                  System.getProperties(),
                  System.getenv(),
                  System.getProperty("sun.java.command"))
              .denyOnError();
    } catch (ConfigException e) {
      AgentStatus.record(
          AgentStatus.Outcome.CONFIG_ERROR, "configuration error: " + e.getMessage());
      line(atStartup, "configuration error: " + e.getMessage());
      halt(atStartup, AgentStarter.EXIT_CONFIG);
      return;
    } catch (RuntimeException | LinkageError e) {
      deny = true; // cannot tell: fail closed
    }
    AgentStatus.record(AgentStatus.Outcome.FAILED, "could not install protection: " + why);
    if (!atStartup) {
      line(false, "error: could not install protection: " + why);
    } else if (deny) {
      line(true, "could not install protection (onerror=deny): " + why);
      halt(true, AgentStarter.EXIT_INSTALL);
    } else {
      line(true, "error: could not install protection, running UNPROTECTED: " + why);
    }
  }

  // the one line, on stderr (as AgentStarter's), unless stderr is an inetd-style client's
  // connection: no line of the agent may reach the client (the exit status still tells inetd)
  private static void line(boolean atStartup, String message) {
    if (atStartup && stderrIsTheClient()) {
      return;
    }
    System.err.println("tcpwrap: " + message + (atStartup ? "" : " (agent not attached)"));
    System.err.flush();
  }

  // the log's own test; a failure to install may come from a class that cannot be linked
  private static boolean stderrIsTheClient() {
    try {
      return Stderr.isConnection();
    } catch (LinkageError e) {
      return false;
    }
  }

  // a JVM that is starting stops before main (halt: no shutdown hooks); an attach never stops it
  private static void halt(boolean atStartup, int status) {
    if (atStartup) {
      Runtime.getRuntime().halt(status);
    }
  }
}
