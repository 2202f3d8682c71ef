package dev.tcpwrap.agent.jfr;

/**
 * The agent's JDK Flight Recorder events, behind methods that name no {@code jdk.jfr} type: this
 * class loads without the {@code jdk.jfr} module (a jlinked runtime may lack it), and the event
 * classes load only when the first connection is checked, never in premain.
 *
 * <p>With no recording, an event class is not instrumented and its {@code isEnabled()} is a
 * constant {@code false}: {@link #timing()} then costs a few nanoseconds and nothing else happens
 * (docs/benchmarks.md). Events are committed from the agent's own classes (the filter, the
 * reloading thread), never from advice, which can name only bootstrap classes.
 *
 * <p>Nothing here throws into the accept path: a failure (a runtime without JFR, an error inside
 * the recorder) turns the events off for good.
 */
public final class Flight {

  private static volatile boolean available = ModuleLayer.boot().findModule("jdk.jfr").isPresent();

  private Flight() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /**
   * @return whether any connection event is enabled in a recording now, so that the check's
   *     duration is worth measuring
   */
  public static boolean timing() {
    if (!available) {
      return false;
    }
    try {
      return Events.anyConnectionEvent();
    } catch (LinkageError | RuntimeException e) {
      available = false;
      return false;
    }
  }

  /**
   * A decided connection.
   *
   * @param outcome {@code allowed}, {@code refused}, {@code twisted} or {@code would-refuse}
   * @param ruleFile the deciding rule's file, or {@code null}
   * @param nanos how long the check took
   */
  public static void decided(
      String daemon,
      String client,
      String ruleFile,
      int ruleLine,
      String rule,
      String outcome,
      long nanos) {
    if (!available) {
      return;
    }
    try {
      Events.decided(daemon, client, ruleFile, ruleLine, rule, outcome, nanos);
    } catch (LinkageError | RuntimeException e) {
      available = false;
    }
  }

  /**
   * A check that failed and was decided by onerror.
   *
   * @param denied whether onerror refused the connection
   */
  public static void checkFailed(
      String daemon, String client, String failure, boolean denied, long nanos) {
    if (!available) {
      return;
    }
    try {
      Events.checkFailed(daemon, client, failure, denied, nanos);
    } catch (LinkageError | RuntimeException e) {
      available = false;
    }
  }

  /**
   * A rule file put in force after a reload.
   *
   * @param outcome {@code loaded}, {@code missing} or {@code failed}
   */
  public static void reloaded(
      String ruleFile,
      java.util.function.IntSupplier rules,
      java.util.function.IntSupplier problems,
      String outcome) {
    if (!available) {
      return;
    }
    try {
      Events.reloaded(ruleFile, rules, problems, outcome);
    } catch (LinkageError | RuntimeException e) {
      available = false;
    }
  }

  /**
   * A command that was not started.
   *
   * @param kind {@code spawn} or {@code twist}
   */
  public static void commandDropped(
      String daemon, String client, String rule, String kind, String command) {
    if (!available) {
      return;
    }
    try {
      Events.commandDropped(daemon, client, rule, kind, command);
    } catch (LinkageError | RuntimeException e) {
      available = false;
    }
  }
}
