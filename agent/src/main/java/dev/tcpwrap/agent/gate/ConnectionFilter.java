package dev.tcpwrap.agent.gate;

import dev.tcpwrap.agent.bootstrap.AcceptGate;
import dev.tcpwrap.agent.config.AgentConfig;
import dev.tcpwrap.agent.engine.Decision;
import dev.tcpwrap.agent.engine.PolicyHolder;
import dev.tcpwrap.agent.log.AgentLog;
import dev.tcpwrap.agent.log.LogLevel;
import dev.tcpwrap.agent.log.Text;
import java.io.Closeable;

/**
 * The engine side of {@link AcceptGate}: asks the policy about each accepted connection, logs in tcpd's form,
 * and closes refused connections. Never throws: an internal failure is counted, logged and decided by
 * {@code onerror}.
 */
public final class ConnectionFilter implements AcceptGate.Filter {

  private final AgentConfig config;
  private final PolicyHolder policy;
  private final AgentLog log;
  private final GateStats stats = new GateStats();

  /**
   * @param config the configuration (daemon names, mode, onerror, logging)
   * @param policy the swappable policy
   * @param log    the log
   */
  public ConnectionFilter(AgentConfig config, PolicyHolder policy, AgentLog log) {
    this.config = config;
    this.policy = policy;
    this.log = log;
  }

  /** @return the decision counters */
  public GateStats stats() {
    return stats;
  }

  @Override
  public boolean refuse(Object connection) {
    Endpoints ends;
    String daemon = config.daemon();
    Decision d;
    try {
      ends = Endpoints.of(connection);
      if (ends == null) {
        return false; // not TCP/IP: out of scope
      }
      daemon = config.daemonFor(ends.local().getPort());
      d = policy.get().decide(daemon, ends.local(), ends.remote());
      if (d == null) {
        throw new IllegalStateException("policy returned no decision");
      }
    } catch (Throwable t) {
      return onError(daemon, connection, t);
    }
    return carryOut(daemon, connection, d);
  }

  // logs and applies a decision
  private boolean carryOut(String daemon, Object connection, Decision d) {
    String who = Text.escape(d.clientInfo()) + " (" + Text.escape(d.clientAddress()) + ")";
    if (d.granted()) {
      stats.allowed.increment();
      if (config.logAllowed()) {
        log.access(LogLevel.INFO, daemon, "connect from " + who);
      }
      return false;
    }
    if (config.mode() == AgentConfig.Mode.DRY_RUN) {
      stats.wouldRefuse.increment();
      log.access(LogLevel.WARN, daemon, "would refuse connect from " + who + " [" + d.ruleRef() + "]");
      return false;
    }
    stats.refused.increment();
    close(connection);
    log.access(LogLevel.WARN, daemon, "refused connect from " + who);
    return true;
  }

  // an internal failure: count, log, and let onerror decide
  private boolean onError(String daemon, Object connection, Throwable t) {
    stats.errors.increment();
    boolean deny = config.denyOnError();
    String peer = peerText(connection);
    log.diag(LogLevel.ERROR, "access check failed for " + peer + " (" + Text.escape(String.valueOf(t))
        + "); onerror=" + (deny ? "deny" : "allow"));
    if (!deny) {
      return false;
    }
    stats.refused.increment();
    close(connection);
    log.access(LogLevel.WARN, daemon, "refused connect from " + peer + " (" + peer + ")");
    return true;
  }

  // the client address for an error line, best effort
  private static String peerText(Object connection) {
    try {
      Endpoints e = Endpoints.of(connection);
      return e == null ? "unknown" : Text.escape(e.remote().getAddress().getHostAddress());
    } catch (Throwable t) {
      return "unknown";
    }
  }

  private static void close(Object connection) {
    try {
      ((Closeable) connection).close();
    } catch (Throwable ignored) {
      // the connection is unusable either way
    }
  }
}
