package dev.tcpwrap.core.tools;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * {@code java -jar tcpwrap.jar COMMAND ...}: the command-line tools, {@code check} (our tcpdchk)
 * and {@code match} (our tcpdmatch). The jar's own main runs the agent's commands ({@code attach})
 * and hands every other command here; the usage text describes the jar, so it lists them too.
 */
public final class Main {

  private Main() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /** Runs a command and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs a command; returns the exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0
        || args[0].equals("-h")
        || args[0].equals("--help")
        || args[0].equals("help")) {
      usage(args.length == 0 ? err : out);
      return args.length == 0 ? 2 : 0;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    try {
      switch (args[0]) {
        case "match":
          return MatchCommand.run(rest, out, err);
        case "check":
          return CheckCommand.run(rest, out, err);
        case "version":
          out.println("tcpwrap " + version());
          return 0;
        case "attach":
        case "status":
          // listed in the usage, but run before this point where the agent is present
          throw new UsageException("not available in this build");
        default:
          throw new UsageException("unknown command (try --help)");
      }
    } catch (UsageException e) {
      err.println("tcpwrap " + args[0] + ": " + e.getMessage());
      return 2;
    }
  }

  static String version() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  private static void usage(PrintStream s) {
    s.println("usage: java -jar tcpwrap.jar COMMAND [ARGS]");
    s.println();
    s.println("  check [--allow FILE] [--deny FILE] [-v]");
    s.println(
        "        report every problem in the rule files (like tcpdchk); exit 0 clean, 1 warnings, 2 errors");
    s.println("  match [--allow FILE] [--deny FILE] [--port N] DAEMON[@SERVER] [USER@]CLIENT");
    s.println(
        "        explain the agent's verdict for one client (like tcpdmatch, and what it would print");
    s.println("        where that differs)");
    s.println("  match [--allow FILE] [--deny FILE] [--port N] --batch");
    s.println(
        "        read 'DAEMON[@SERVER] [USER@]CLIENT_ADDRESS [HOSTNAME]' lines from standard input and");
    s.println(
        "        print libwrap's 'granted|denied RULE' for each, without any DNS or ident lookup");
    s.println("  attach PID [AGENT-ARGS]");
    s.println("        load the agent into a running JVM");
    s.println("  status PID");
    s.println(
        "        what the agent in a running JVM is doing (counters, rule files, rule hits, refusals)");
    s.println("  version");
    s.println();
    s.println("Files default to /etc/hosts.allow and /etc/hosts.deny.");
  }
}
