package dev.tcpwrap.core.action;

import dev.tcpwrap.core.options.OptionKind;
import java.util.EnumSet;
import java.util.Set;

/**
 * The options that change the whole process in tcpd ({@code setenv}, {@code umask}, {@code user},
 * {@code group}, {@code nice}, {@code aclexec}). tcpd runs once per connection and then execs the
 * daemon, so these shape that one daemon process; a JVM is one long-lived process serving every
 * connection, so they cannot mean the same thing. They are parsed (a bad value still denies, as in
 * libwrap), explained by {@code check}, at load and in each {@link OptionPlan}, and never change a
 * verdict ({@code aclexec}: see {@link Aclexec}).
 */
public final class ProcessWideOptions {

  /** The options without effect inside a JVM. */
  public static final Set<OptionKind> KINDS =
      EnumSet.of(
          OptionKind.SETENV,
          OptionKind.UMASK,
          OptionKind.USER,
          OptionKind.GROUP,
          OptionKind.NICE,
          OptionKind.ACLEXEC);

  private ProcessWideOptions() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /** Whether {@code kind} is one of them. */
  public static boolean isProcessWide(OptionKind kind) {
    return KINDS.contains(kind);
  }

  /**
   * One line explaining why {@code kind} does nothing here, e.g. {@code option "umask" has no
   * effect inside a JVM: the application's process is not started per connection}; null for the
   * options that do have an effect.
   */
  public static String explanation(OptionKind kind) {
    String head = "option \"" + kind.keyword() + "\" has no effect inside a JVM: ";
    switch (kind) {
      case SETENV:
        return head
            + "tcpd sets the variable for the daemon it starts per connection; the application's"
            + " process is already running and its environment cannot change";
      case UMASK:
        return head
            + "the application's process is not started per connection (set the umask where the JVM"
            + " is started)";
      case USER:
        return head
            + "the application's process is not started per connection and cannot switch users"
            + " for one (Debian's tcpd ignores it too); run the JVM as that user instead";
      case GROUP:
        return head
            + "the application's process is not started per connection and cannot switch groups"
            + " for one (Debian's tcpd ignores it too); run the JVM with that group instead";
      case NICE:
        return head
            + "the application's process is not started per connection, and lowering its priority"
            + " would slow every client (set it where the JVM is started)";
      case ACLEXEC:
        return "option \"aclexec\" is not run inside a JVM (a command on every accept cannot be waited for):"
            + " tcpwrap takes the rule the way that denies: in hosts.allow as if the command had"
            + " failed (hosts.deny decides), in hosts.deny as if it had succeeded (the client is"
            + " refused)";
      default:
        return null;
    }
  }
}
