package dev.tcpwrap.agent.cli;

import dev.tcpwrap.core.tools.Main;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * {@code java -jar tcpwrap.jar COMMAND ...}: the jar's {@code Main-Class}. Runs the commands that
 * need the agent ({@code attach}, {@code cache}) and hands every other command, help and usage
 * errors to core's tools ({@link Main}); core knows nothing of the agent, so the commands the agent
 * brings are dispatched here.
 */
public final class AgentMain {

  private AgentMain() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /** Runs a command and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs a command; returns the exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0
        || !(args[0].equals("attach") || args[0].equals("cache") || args[0].equals("status"))) {
      return Main.run(args, out, err);
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    try {
      return switch (args[0]) {
        case "cache" -> CacheCommand.run(rest, out, err);
        case "status" -> StatusCommand.run(rest, out, err);
        default -> AttachCommand.run(rest, out, err);
      };
    } catch (RuntimeException e) {
      // one line and the usage-error status, as for every command of the jar, not a stack trace
      err.println("tcpwrap " + args[0] + ": " + e.getMessage());
      return 2;
    }
  }
}
