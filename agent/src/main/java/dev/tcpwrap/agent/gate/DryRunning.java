package dev.tcpwrap.agent.gate;

import dev.tcpwrap.agent.engine.Decision;
import dev.tcpwrap.agent.log.AgentLog;
import dev.tcpwrap.agent.log.LogLevel;
import dev.tcpwrap.agent.log.Text;
import dev.tcpwrap.agent.metrics.GateStats;
import dev.tcpwrap.core.action.OptionPlan;
import dev.tcpwrap.core.action.Severity;
import dev.tcpwrap.core.action.SocketOptions;

/**
 * {@code mode=dry-run}: every step is logged as {@code would ...} with the deciding rule, and the
 * connection always reaches the application.
 */
final class DryRunning implements Verdicts.Effects {

  private final AgentLog log;
  private final GateStats stats;

  DryRunning(AgentLog log, GateStats stats) {
    this.log = log;
    this.stats = stats;
  }

  @Override
  public void socketOptions(String daemon, Object connection, Decision d, SocketOptions so) {
    log.access(
        LogLevel.INFO,
        daemon,
        "would set"
            + (so.keepAlive() ? " keepalive" : "")
            + (so.setsLinger() ? " linger " + so.lingerSeconds() : "")
            + " for "
            + Text.escape(d.clientAddress())
            + ref(d));
  }

  @Override
  public boolean banner(String daemon, Object connection, Decision d, OptionPlan.Banner b) {
    log.access(
        LogLevel.INFO,
        daemon,
        "would send banner "
            + Text.escape(b.dir() + "/" + daemon)
            + " ("
            + b.bytes().length
            + " bytes) to "
            + Text.escape(d.clientAddress())
            + ref(d));
    return true;
  }

  @Override
  public void spawn(String daemon, Decision d, String command) {
    log.access(LogLevel.INFO, daemon, "would spawn " + Text.escape(command) + ref(d));
  }

  @Override
  public boolean twist(
      String daemon, Object connection, Decision d, String command, Severity level, String line) {
    stats.countWouldRefuse();
    if (connection instanceof NativeConnection n && !n.twistable()) {
      log.access(
          level,
          daemon,
          "would refuse connect from "
              + Verdicts.who(d)
              + " (twist not possible on "
              + n
              + ")"
              + ref(d));
      return false;
    }
    log.access(level, daemon, "would " + line + ref(d));
    return false;
  }

  @Override
  public boolean refuse(String daemon, Object connection, Decision d, Severity level, String line) {
    stats.countWouldRefuse();
    log.access(level, daemon, "would refuse" + line.substring(line.indexOf(' ')) + ref(d));
    return false;
  }

  private static String ref(Decision d) {
    return " [" + d.ruleRef() + "]";
  }
}
