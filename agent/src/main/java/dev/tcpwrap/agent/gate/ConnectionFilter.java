package dev.tcpwrap.agent.gate;

import dev.tcpwrap.agent.bootstrap.AcceptGate;
import dev.tcpwrap.agent.config.AgentConfig;
import dev.tcpwrap.agent.engine.ConnectionPolicy;
import dev.tcpwrap.agent.engine.Decision;
import dev.tcpwrap.agent.engine.PolicyHolder;
import dev.tcpwrap.agent.log.AgentLog;
import dev.tcpwrap.agent.log.LogLevel;
import dev.tcpwrap.agent.log.Text;
import dev.tcpwrap.core.action.ClientConnection;
import dev.tcpwrap.core.action.CommandLimits;
import dev.tcpwrap.core.action.CommandRunner;
import dev.tcpwrap.core.action.OptionPlan;
import dev.tcpwrap.core.action.SocketOptions;
import java.io.Closeable;
import java.net.Socket;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The engine side of {@link AcceptGate}: asks the policy about each accepted connection, carries
 * out the deciding rule's options, logs in tcpd's form, and closes refused connections. Never
 * throws: an internal failure is counted, logged and decided by {@code onerror}.
 *
 * <p>The options are carried out in libwrap's order ({@link OptionPlan}): the socket options
 * ({@code keepalive}, {@code linger}) on a connection handed to the application; the {@code
 * banners} bytes written to the client (bounded in time, {@link BannerWriter}); each {@code spawn}
 * command started in the background by one shared {@link CommandRunner} (the accepting thread never
 * waits for it); then either a {@code twist} (the client is handed to the command and the
 * application never sees it), a close (refused), or the hand-over (granted); and the log line at
 * the rule's {@code severity} ({@link LogLevel#ofSyslog}). In {@code dry-run} mode nothing is
 * carried out: each step is logged as {@code would ...}.
 */
public final class ConnectionFilter implements AcceptGate.Filter {

  /** How long writing a banner may hold the accepting thread. */
  static final Duration BANNER_TIMEOUT = Duration.ofSeconds(1);

  private final AgentConfig config;
  private final PolicyHolder policy;
  private final AgentLog log;
  private final CommandLimits limits;
  private volatile CommandRunner runner;
  private final BannerWriter banners = new BannerWriter(BANNER_TIMEOUT);
  private final GateStats stats;
  private final NativeListeners nativeListeners;

  /**
   * A filter with its own command runner, bounded by {@code spawn-max} and {@code spawn-rate}.
   *
   * @param config the configuration (daemon names, mode, onerror, logging, command bounds)
   * @param policy the swappable policy
   * @param log the log
   */
  public ConnectionFilter(AgentConfig config, PolicyHolder policy, AgentLog log) {
    this.config = config;
    this.policy = policy;
    this.log = log;
    this.limits = limits(config);
    this.stats = new GateStats(this::runnerIfStarted);
    this.nativeListeners = new NativeListeners(w -> log.diag(LogLevel.WARN, Text.escape(w)));
  }

  /**
   * @param config the configuration (daemon names, mode, onerror, logging)
   * @param policy the swappable policy
   * @param log the log
   * @param runner runs {@code spawn} and {@code twist} commands
   */
  public ConnectionFilter(
      AgentConfig config, PolicyHolder policy, AgentLog log, CommandRunner runner) {
    this.config = config;
    this.policy = policy;
    this.log = log;
    this.limits = runner.limits();
    this.runner = runner;
    this.stats = new GateStats(this::runnerIfStarted);
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
      stats.errors.increment();
      log.diag(
          LogLevel.ERROR,
          Text.escape(
              channel.getClass().getName() + ": its connections cannot be checked (" + t + ")"));
    }
  }

  @Override
  public boolean refuseNative(Object listener, int fd, byte[] address) {
    NativeListeners.Listener l = nativeListeners.find(listener);
    if (l == null) {
      return false; // not a TCP listener (Unix-domain, VSOCK)
    }
    return refuse(l, new NativeListeners.Connection(l, fd, address));
  }

  @Override
  public boolean refuse(Object listener, Object connection) {
    Endpoints ends;
    String daemon = config.daemon();
    Decision d;
    try {
      ends = Endpoints.of(connection);
      if (ends == null) {
        return false; // not TCP/IP: out of scope
      }
      daemon = config.daemonFor(ends.localPort());
      boolean dualStack = ipv6Listener(listener);
      ConnectionPolicy p = policy.get();
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
      return onError(daemon, connection, t);
    }
    if (d.plan() == null) {
      return carryOut(daemon, connection, d);
    }
    try {
      return carryOut(daemon, connection, d, d.plan());
    } catch (Throwable t) {
      // a failure half way through the options: the verdict still stands
      stats.actionErrors.increment();
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
      close(connection);
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
    if (listener instanceof NativeListeners.Listener l) {
      return l.ipv6();
    }
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

  // logs and applies a decision without options
  private boolean carryOut(String daemon, Object connection, Decision d) {
    if (d.granted()) {
      stats.allowed.increment();
      if (config.logAllowed()) {
        log.access(LogLevel.INFO, daemon, "connect from " + who(d));
      }
      return false;
    }
    if (config.mode() == AgentConfig.Mode.DRY_RUN) {
      stats.wouldRefuse.increment();
      log.access(
          LogLevel.WARN, daemon, "would refuse connect from " + who(d) + " [" + d.ruleRef() + "]");
      return false;
    }
    stats.refused.increment();
    close(connection);
    log.access(LogLevel.WARN, daemon, "refused connect from " + who(d));
    return true;
  }

  // tcpd's "HOST (ADDRESS)", escaped; built only for a line that is logged
  private static String who(Decision d) {
    return Text.escape(d.clientInfo()) + " (" + Text.escape(d.clientAddress()) + ")";
  }

  // carries out a plan, in its order; true when the application must not see the connection
  private boolean carryOut(String daemon, Object connection, Decision d, OptionPlan plan) {
    LogLevel level = LogLevel.ofSyslog(plan.severity().level().code());
    String twist = plan.twistCommand();
    if (config.mode() == AgentConfig.Mode.DRY_RUN) {
      return dryRun(daemon, d, plan, level, twist);
    }
    if (d.granted() && !plan.socketOptions().isEmpty()) {
      applySocketOptions(daemon, connection, plan.socketOptions());
    }
    for (OptionPlan.Action a : plan.actions()) {
      if (a instanceof OptionPlan.Banner b && b.bytes().length > 0) {
        if (!sendBanner(daemon, connection, d, b)) {
          return true; // closed because the client did not take the banner in time
        }
      } else if (a instanceof OptionPlan.Spawn s) {
        runner().spawn(s.command()); // never blocks; drops are counted and reported by the runner
      }
    }
    if (twist != null) {
      stats.twisted.increment();
      log.access(level, daemon, Text.escape(plan.logLine()));
      ClientConnection client = clientConnection(connection);
      if (client == null) {
        close(connection);
      } else {
        runner()
            .twist(
                twist,
                client); // the client is the command's now; it closes it when the command ends
      }
      return true;
    }
    if (d.granted()) {
      stats.allowed.increment();
      if (config.logAllowed()) {
        log.access(level, daemon, Text.escape(plan.logLine()));
      }
      return false;
    }
    stats.refused.increment();
    close(connection);
    log.access(level, daemon, Text.escape(plan.logLine()));
    return true;
  }

  // dry-run: every step is only logged; the connection always reaches the application
  private boolean dryRun(String daemon, Decision d, OptionPlan plan, LogLevel level, String twist) {
    String ref = " [" + d.ruleRef() + "]";
    SocketOptions so = plan.socketOptions();
    if (d.granted() && !so.isEmpty()) {
      log.access(
          LogLevel.INFO,
          daemon,
          "would set"
              + (so.keepAlive() ? " keepalive" : "")
              + (so.setsLinger() ? " linger " + so.lingerSeconds() : "")
              + " for "
              + Text.escape(d.clientAddress())
              + ref);
    }
    for (OptionPlan.Action a : plan.actions()) {
      if (a instanceof OptionPlan.Banner b && b.bytes().length > 0) {
        log.access(
            LogLevel.INFO,
            daemon,
            "would send banner "
                + Text.escape(b.dir() + "/" + daemon)
                + " ("
                + b.bytes().length
                + " bytes) to "
                + Text.escape(d.clientAddress())
                + ref);
      } else if (a instanceof OptionPlan.Spawn s) {
        log.access(LogLevel.INFO, daemon, "would spawn " + Text.escape(s.command()) + ref);
      }
    }
    if (twist != null) {
      stats.wouldRefuse.increment();
      log.access(level, daemon, "would " + Text.escape(plan.logLine()) + ref);
      return false;
    }
    if (d.granted()) {
      stats.allowed.increment();
      if (config.logAllowed()) {
        log.access(level, daemon, Text.escape(plan.logLine()));
      }
      return false;
    }
    stats.wouldRefuse.increment();
    String line = plan.logLine(); // refused connect from ...
    log.access(
        level, daemon, "would refuse" + Text.escape(line.substring(line.indexOf(' '))) + ref);
    return false;
  }

  private void applySocketOptions(String daemon, Object connection, SocketOptions so) {
    Consumer<String> warn =
        w -> {
          stats.actionErrors.increment();
          log.access(LogLevel.WARN, daemon, "warning: " + Text.escape(w));
        };
    if (connection instanceof Socket s) {
      so.apply(s, warn);
    } else if (connection instanceof SocketChannel ch) {
      so.apply(ch, warn);
    } else if (connection instanceof AsynchronousSocketChannel ch) {
      so.apply(ch, warn);
    } else if (connection instanceof NativeListeners.Connection n) {
      n.apply(so, warn);
    }
  }

  // false when the connection was closed because the banner could not be written in time
  private boolean sendBanner(String daemon, Object connection, Decision d, OptionPlan.Banner b) {
    BannerWriter.Result r = banners.write(connection, b.bytes());
    switch (r) {
      case SENT:
        return true;
      case CLOSED:
        stats.bannerTimeouts.increment();
        log.access(
            LogLevel.WARN,
            daemon,
            "warning: banner "
                + Text.escape(b.dir() + "/" + daemon)
                + " to "
                + Text.escape(d.clientAddress())
                + " not taken within "
                + BANNER_TIMEOUT.toMillis()
                + " ms: connection closed");
        if (d.granted()) {
          stats.allowed
              .increment(); // decided so; the application just never gets the dead connection
        } else {
          stats.refused.increment();
        }
        return false;
      case SKIPPED:
        log.access(
            LogLevel.DEBUG,
            daemon,
            "banner "
                + Text.escape(b.dir() + "/" + daemon)
                + " not sent: not possible on "
                + connection.getClass().getSimpleName());
        return true;
      case FAILED:
      default:
        stats.actionErrors.increment(); // the client went away; tcpd ignores this too
        return true;
    }
  }

  private static ClientConnection clientConnection(Object connection) {
    if (connection instanceof Socket s) {
      return ClientConnection.of(s);
    }
    if (connection instanceof SocketChannel ch) {
      return ClientConnection.of(ch);
    }
    if (connection instanceof AsynchronousSocketChannel ch) {
      return ClientConnection.of(ch);
    }
    if (connection instanceof NativeListeners.Connection n) {
      return new NativeClientConnection(n);
    }
    return null;
  }

  // an internal failure: count, log, and let onerror decide
  private boolean onError(String daemon, Object connection, Throwable t) {
    stats.errors.increment();
    boolean deny = config.denyOnError();
    String peer = peerText(connection);
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
