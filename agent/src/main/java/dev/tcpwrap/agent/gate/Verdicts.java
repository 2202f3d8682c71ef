package dev.tcpwrap.agent.gate;

import dev.tcpwrap.agent.config.AgentConfig;
import dev.tcpwrap.agent.engine.Decision;
import dev.tcpwrap.agent.log.AgentLog;
import dev.tcpwrap.agent.log.Text;
import dev.tcpwrap.agent.metrics.GateStats;
import dev.tcpwrap.core.action.CommandRunner;
import dev.tcpwrap.core.action.OptionPlan;
import dev.tcpwrap.core.action.Severity;
import java.util.function.Supplier;

/**
 * Carries out a decision in libwrap's order ({@link OptionPlan}): the socket options ({@code
 * keepalive}, {@code linger}) of a connection handed to the application; the {@code banners} bytes
 * to the client; each {@code spawn} command, started in the background; then a {@code twist} (the
 * command gets the client, the application never sees it), a close (refused) or the hand-over
 * (granted); and the log line at the rule's {@code severity}.
 *
 * <p>Each step is done by the {@link Effects} of the mode: {@link Enforcing} does it, {@link
 * DryRunning} only says what it would do; the order, the counting and the log lines of the decision
 * itself are the same in both.
 */
final class Verdicts {

  private final AgentConfig config;
  private final AgentLog log;
  private final GateStats stats;
  private final Effects effects;

  Verdicts(AgentConfig config, AgentLog log, GateStats stats, Supplier<CommandRunner> runner) {
    this.config = config;
    this.log = log;
    this.stats = stats;
    this.effects =
        config.mode() == AgentConfig.Mode.DRY_RUN
            ? new DryRunning(log, stats)
            : new Enforcing(log, stats, runner);
  }

  /**
   * @return {@code true} when the application must not see the connection (refused or twisted;
   *     closed or handed to the command)
   */
  boolean carryOut(String daemon, Object connection, Decision d) {
    OptionPlan plan = d.plan();
    if (plan == null) {
      return conclude(
          daemon, connection, d, d.granted() ? Severity.ALLOWED : Severity.REFUSED, null);
    }
    Severity level = plan.severity(); // the rule's severity option, or tcpd's default
    if (d.granted() && !plan.socketOptions().isEmpty()) {
      effects.socketOptions(daemon, connection, d, plan.socketOptions());
    }
    for (OptionPlan.Action a : plan.actions()) {
      if (a instanceof OptionPlan.Banner b && b.bytes().length > 0) {
        if (!effects.banner(daemon, connection, d, b)) {
          count(d.granted());
          return true; // closed: the client did not take the banner in time
        }
      } else if (a instanceof OptionPlan.Spawn s) {
        effects.spawn(daemon, d, s.command());
      }
    }
    String twist = plan.twistCommand();
    if (twist != null) {
      return effects.twist(daemon, connection, d, twist, level, Text.escape(plan.logLine()));
    }
    return conclude(daemon, connection, d, level, Text.escape(plan.logLine()));
  }

  /**
   * The hand-over or the refusal, logged as tcpd does.
   *
   * @param line the rule's log line, escaped; {@code null} for tcpd's plain one
   */
  private boolean conclude(
      String daemon, Object connection, Decision d, Severity level, String line) {
    if (d.granted()) {
      stats.countAllowed();
      if (config.logAllowed()) {
        log.access(level, daemon, line != null ? line : "connect from " + who(d));
      }
      return false;
    }
    return effects.refuse(
        daemon, connection, d, level, line != null ? line : "refused connect from " + who(d));
  }

  private void count(boolean granted) {
    if (granted) {
      stats.countAllowed(); // decided so; the application just never gets the dead client
    } else {
      stats.countRefused();
    }
  }

  /** tcpd's "HOST (ADDRESS)", escaped; built only for a line that is logged. */
  static String who(Decision d) {
    return Text.escape(d.clientInfo()) + " (" + Text.escape(d.clientAddress()) + ")";
  }

  /** The steps of carrying out, done or only told. */
  interface Effects {
    void socketOptions(
        String daemon, Object connection, Decision d, dev.tcpwrap.core.action.SocketOptions so);

    /**
     * @return {@code false} if the connection was closed because the client did not take it
     */
    boolean banner(String daemon, Object connection, Decision d, OptionPlan.Banner b);

    void spawn(String daemon, Decision d, String command);

    /**
     * @return whether the application must not see the connection
     */
    boolean twist(
        String daemon, Object connection, Decision d, String command, Severity level, String line);

    /**
     * @param line {@code refused connect from ...}, escaped
     * @return whether the application must not see the connection
     */
    boolean refuse(String daemon, Object connection, Decision d, Severity level, String line);
  }
}
