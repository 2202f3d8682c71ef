package dev.tcpwrap.core.tools;

import dev.tcpwrap.core.text.RuleText;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * The options the tools share: {@code --allow F}, {@code --deny F}, {@code --port N}, flags,
 * operands.
 */
final class Args {

  Path allow = Paths.get("/etc/hosts.allow");
  Path deny = Paths.get("/etc/hosts.deny");
  int port = -1;
  boolean verbose;
  boolean batch;
  final List<String> operands = new ArrayList<>();

  static Args parse(String[] args, boolean matchCommand) throws UsageException {
    Args a = new Args();
    for (int i = 0; i < args.length; i++) {
      String s = args[i];
      switch (s) {
        case "--allow":
          a.allow = path(value(args, ++i, s));
          break;
        case "--deny":
          a.deny = path(value(args, ++i, s));
          break;
        case "-d":
          a.allow = Paths.get("hosts.allow");
          a.deny = Paths.get("hosts.deny");
          break;
        case "--port":
          if (!matchCommand) {
            throw new UsageException("unknown option " + s);
          }
          a.port = port(value(args, ++i, s));
          break;
        case "--batch":
          if (!matchCommand) {
            throw new UsageException("unknown option " + s);
          }
          a.batch = true;
          break;
        case "-v":
          a.verbose = true;
          break;
        default:
          if (s.startsWith("--allow=")) {
            a.allow = path(s.substring(8));
          } else if (s.startsWith("--deny=")) {
            a.deny = path(s.substring(7));
          } else if (s.startsWith("--port=") && matchCommand) {
            a.port = port(s.substring(7));
          } else if (s.startsWith("-") && s.length() > 1) {
            throw new UsageException("unknown option " + s);
          } else {
            a.operands.add(s);
          }
      }
    }
    return a;
  }

  private static String value(String[] args, int i, String option) throws UsageException {
    if (i >= args.length) {
      throw new UsageException(option + " needs a value");
    }
    return args[i];
  }

  /**
   * A file name as a path; one the JVM cannot name (C locale, non-ASCII bytes) is a usage error.
   */
  private static Path path(String name) throws UsageException {
    try {
      return Paths.get(name);
    } catch (InvalidPathException e) {
      throw new UsageException(
          "cannot use the file name \""
              + RuleText.printable(name)
              + "\": "
              + e.getReason()
              + " (the JVM's file name encoding is "
              + System.getProperty("sun.jnu.encoding")
              + "; run it with LC_ALL=C.UTF-8)");
    }
  }

  private static int port(String s) throws UsageException {
    try {
      int p = Integer.parseInt(s);
      if (p < 0 || p > 65535) {
        throw new NumberFormatException();
      }
      return p;
    } catch (NumberFormatException e) {
      throw new UsageException("--port needs a number from 0 to 65535, not \"" + s + "\"");
    }
  }
}
