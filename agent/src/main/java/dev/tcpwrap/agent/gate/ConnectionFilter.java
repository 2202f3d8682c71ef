package dev.tcpwrap.agent.gate;

import dev.tcpwrap.agent.bootstrap.AcceptGate;
import dev.tcpwrap.agent.config.AgentConfig;
import dev.tcpwrap.agent.engine.ConnectionPolicy;
import dev.tcpwrap.agent.engine.Decision;
import dev.tcpwrap.agent.instrument.NativeAcceptors;
import dev.tcpwrap.agent.jfr.Flight;
import dev.tcpwrap.agent.log.AgentLog;
import dev.tcpwrap.agent.log.LogLevel;
import dev.tcpwrap.agent.log.Text;
import dev.tcpwrap.agent.metrics.CoarseClock;
import dev.tcpwrap.agent.metrics.DaemonCounts;
import dev.tcpwrap.agent.metrics.GateStats;
import dev.tcpwrap.agent.metrics.RecentRefusals;
import dev.tcpwrap.agent.metrics.RuleHits;
import dev.tcpwrap.core.action.CommandLimits;
import dev.tcpwrap.core.action.CommandRunner;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The engine side of {@link AcceptGate}: asks the policy about each accepted connection (the
 * address-only way first, the ordinary way when that defers) and hands the decision to {@link
 * Verdicts}, which carries out the deciding rule's options, logs in tcpd's form and closes refused
 * connections. Never throws: an internal failure is counted, logged and decided by {@code onerror}.
 *
 * <p>Connections accepted in Netty's native code arrive as a descriptor and its peer's address
 * ({@link #refuseNative}) and are decided the same way ({@link NativeListeners}); so are those of
 * Tomcat 9's APR connector, as a socket handle ({@link #refuseApr}, {@link AprConnection}).
 */
public final class ConnectionFilter implements AcceptGate.Filter {

  private final AgentConfig config;
  private final ConnectionPolicy policy;
  private final AgentLog log;
  private final CommandLimits limits;
  private volatile CommandRunner runner;
  private final GateStats stats;
  private final Verdicts verdicts;
  private final NativeListeners nativeListeners;

  /** APR endpoint classes whose connections cannot be checked, already named in a warning. */
  private final Set<String> aprWarned = ConcurrentHashMap.newKeySet();

  /**
   * A filter with its own command runner, bounded by {@code spawn-max} and {@code spawn-rate}.
   *
   * @param config the configuration (daemon names, mode, onerror, logging, command bounds)
   * @param policy the policy (it follows the rule files itself)
   * @param log the log
   */
  public ConnectionFilter(AgentConfig config, ConnectionPolicy policy, AgentLog log) {
    this(config, policy, log, RuleHits.none());
  }

  /**
   * A filter that also counts which rule decided each connection.
   *
   * @param ruleHits the per-rule counters of the rule files the policy decides with
   */
  public ConnectionFilter(
      AgentConfig config, ConnectionPolicy policy, AgentLog log, RuleHits ruleHits) {
    this.config = config;
    this.policy = policy;
    this.log = log;
    this.limits = limits(config);
    this.stats =
        new GateStats(this::runnerIfStarted, ruleHits, new DaemonCounts(config.daemonNames()));
    this.verdicts = new Verdicts(config, log, stats, this::runner);
    this.nativeListeners = new NativeListeners(w -> log.diag(LogLevel.WARN, Text.escape(w)));
  }

  /**
   * @return the command bounds of a configuration
   */
  public static CommandLimits limits(AgentConfig config) {
    return CommandLimits.DEFAULTS
        .withMaxRunning(config.spawnMax())
        .withMaxStartsPerSecond(config.spawnRate());
  }

  /**
   * @return a consumer logging the command runner's reports (drops, failures) as warnings
   */
  public static Consumer<String> reportTo(AgentLog log) {
    return line -> log.diag(LogLevel.WARN, Text.escape(line));
  }

  /**
   * @return the decision counters
   */
  public GateStats stats() {
    return stats;
  }

  /**
   * @return the runner of {@code spawn} and {@code twist} commands, created on first use
   */
  public CommandRunner runner() {
    CommandRunner r = runner;
    if (r == null) {
      synchronized (this) {
        r = runner;
        if (r == null) {
          r = new CommandRunner(limits, reportTo(log));
          runner = r;
        }
      }
    }
    return r;
  }

  private CommandRunner runnerIfStarted() {
    return runner;
  }

  @Override
  public void nativeListener(Object channel) {
    try {
      nativeListeners.announce(channel);
    } catch (Throwable t) {
      stats.countError();
      log.diag(
          LogLevel.ERROR,
          Text.escape(
              channel.getClass().getName() + ": its connections cannot be checked (" + t + ")"));
    }
  }

  @Override
  public boolean refuseNative(Object listener, int fd, byte[] address) {
    NativeListener l = nativeListeners.find(listener);
    if (l == null) {
      return false; // not a TCP listener (Unix-domain, VSOCK)
    }
    return refuse(l, new NettyConnection(l, fd, address));
  }

  @Override
  public boolean refuseApr(Object endpoint, long socket) {
    return refuseApr(endpoint, socket, false);
  }

  @Override
  public boolean refuseAprHandedOn(Object endpoint, long socket) {
    return refuseApr(endpoint, socket, true);
  }

  // counted: Tomcat counts the socket as a connection already (see AprConnection)
  private boolean refuseApr(Object endpoint, long socket, boolean counted) {
    TomcatApr apr;
    try {
      apr = TomcatApr.of(endpoint.getClass());
    } catch (ReflectiveOperationException e) {
      aprNotChecked(endpoint, "the agent cannot use its copy of libtcnative's classes (" + e + ")");
      return false;
    }
    try {
      if (!apr.checks(endpoint)) {
        return false; // pausing or stopping, or a Unix-domain listener
      }
    } catch (Throwable t) {
      // its state unknown, a socket may be one Tomcat is about to destroy itself
      aprNotChecked(endpoint, "the agent cannot read its state (" + t + ")");
      return false;
    }
    return refuse(endpoint, new AprConnection(apr, endpoint, socket, counted));
  }

  // the warning that the endpoint's connections are not checked, once per class
  private void aprNotChecked(Object endpoint, String why) {
    stats.countError();
    String name = endpoint.getClass().getName();
    if (aprWarned.add(name)) {
      log.diag(LogLevel.WARN, Text.escape(NativeAcceptors.aprWarning(name, why)));
    }
  }

  @Override
  public boolean refuse(Object listener, Object connection) {
    Endpoints ends;
    String daemon = config.daemon();
    Decision d;
    // the check's duration only while a recording wants connection events
    long t0 = Flight.timing() ? System.nanoTime() : 0L;
    try {
      ends = Endpoints.of(connection);
      if (ends == null) {
        return false; // not TCP/IP: out of scope
      }
      stats.countChecked();
      daemon = config.daemonFor(ends.localPort());
      boolean dualStack =
          connection instanceof NativeConnection n ? n.ipv6Listener() : ipv6Listener(listener);
      ConnectionPolicy p = policy;
      // most rule sets decide by address alone: no request, no server address (a system call), no
      // texts
      d = p.decideByAddress(daemon, ends.remote().getAddress(), dualStack);
      if (d == null) {
        d = p.decide(daemon, ends.local(), ends.remote(), dualStack);
      }
      if (d == null) {
        throw new IllegalStateException("policy returned no decision");
      }
    } catch (Throwable t) {
      return onError(daemon, connection, t, t0);
    }
    try {
      // counted before the client can see the verdict: whoever reads the counters after a refusal
      // finds it there; the time to the second, without a clock read per connection
      stats.ruleHits().hit(d.table(), d.ruleLine(), CoarseClock.millis());
      boolean gone = verdicts.carryOut(daemon, connection, d);
      observe(daemon, d, gone, t0);
      return gone;
    } catch (Throwable t) {
      // a failure half way through the options: the verdict still stands
      stats.countActionError();
      log.diag(
          LogLevel.ERROR,
          "carrying out the options of "
              + Text.escape(d.ruleRef())
              + " for "
              + Text.escape(d.clientAddress())
              + " failed: "
              + Text.escape(String.valueOf(t)));
      if (d.granted() || config.mode() == AgentConfig.Mode.DRY_RUN) {
        return false;
      }
      AcceptGate.closeQuietly(connection);
      return true;
    }
  }

  /**
   * Whether the listener is bound to an IPv6 address (such as {@code ::}): its IPv4 clients are
   * IPv4-mapped, and libwrap (as in sshd's "dual-listen" log lines) shows them as {@code
   * ::ffff:a.b.c.d}. A listener bound to an IPv4 address, including Java's default wildcard
   * (reported as 0.0.0.0), shows them plainly.
   */
  static boolean ipv6Listener(Object listener) {
    try {
      java.net.SocketAddress a = null;
      if (listener instanceof java.net.ServerSocket) {
        a = ((java.net.ServerSocket) listener).getLocalSocketAddress();
      } else if (listener instanceof java.nio.channels.NetworkChannel) {
        a = ((java.nio.channels.NetworkChannel) listener).getLocalAddress();
      }
      return a instanceof java.net.InetSocketAddress
          && ((java.net.InetSocketAddress) a).getAddress() instanceof java.net.Inet6Address;
    } catch (Exception e) {
      return false;
    }
  }

  // the last refusals and the flight recorder's event of a decision carried out
  private void observe(String daemon, Decision d, boolean gone, long t0) {
    String outcome;
    if (d.granted()) {
      outcome = "allowed";
    } else {
      outcome =
          !gone
              ? "would-refuse"
              : d.plan() != null && d.plan().twistCommand() != null ? "twisted" : "refused";
      stats
          .recent()
          .add(
              new RecentRefusals.Refusal(
                  System.currentTimeMillis(), daemon, d.clientAddress(), d.ruleRef(), outcome));
    }
    stats.daemons().count(daemon, outcome);
    if (t0 != 0L) {
      Flight.decided(
          daemon,
          d.clientAddress(),
          d.ruleFile(),
          d.ruleLine(),
          d.ruleRef(),
          outcome,
          System.nanoTime() - t0);
    }
  }

  // an internal failure: count, log, and let onerror decide
  private boolean onError(String daemon, Object connection, Throwable t, long t0) {
    stats.countError();
    boolean deny = config.denyOnError();
    String peer = peerText(connection);
    if (t0 != 0L) {
      Flight.checkFailed(daemon, peer, String.valueOf(t), deny, System.nanoTime() - t0);
    }
    log.diag(
        LogLevel.ERROR,
        "access check failed for "
            + peer
            + " ("
            + Text.escape(String.valueOf(t))
            + "); onerror="
            + (deny ? "deny" : "allow"));
    if (!deny) {
      return false;
    }
    stats.countRefused();
    stats
        .recent()
        .add(
            new RecentRefusals.Refusal(
                System.currentTimeMillis(), daemon, peer, "onerror", "refused"));
    AcceptGate.closeQuietly(connection);
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
}
