package dev.tcpwrap.agent.gate;

import dev.tcpwrap.agent.bootstrap.AcceptGate;
import dev.tcpwrap.agent.engine.Decision;
import dev.tcpwrap.agent.jfr.Flight;
import dev.tcpwrap.agent.log.AgentLog;
import dev.tcpwrap.agent.log.LogLevel;
import dev.tcpwrap.agent.log.Text;
import dev.tcpwrap.agent.metrics.GateStats;
import dev.tcpwrap.core.action.ClientConnection;
import dev.tcpwrap.core.action.CommandRunner;
import dev.tcpwrap.core.action.OptionPlan;
import dev.tcpwrap.core.action.Severity;
import dev.tcpwrap.core.action.SocketOptions;
import java.net.Socket;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code mode=enforce}: the steps are done. The accepting thread never waits for a command; a
 * banner holds it at most {@link #BANNER_TIMEOUT}.
 */
final class Enforcing implements Verdicts.Effects {

  /** How long writing a banner may hold the accepting thread. */
  static final Duration BANNER_TIMEOUT = Duration.ofSeconds(1);

  private final AgentLog log;
  private final GateStats stats;
  private final Supplier<CommandRunner> runner;
  private final BannerWriter banners = new BannerWriter(BANNER_TIMEOUT);

  Enforcing(AgentLog log, GateStats stats, Supplier<CommandRunner> runner) {
    this.log = log;
    this.stats = stats;
    this.runner = runner;
  }

  @Override
  public void socketOptions(String daemon, Object connection, Decision d, SocketOptions so) {
    Consumer<String> warn =
        w -> {
          stats.countActionError();
          log.access(LogLevel.WARN, daemon, "warning: " + Text.escape(w));
        };
    if (connection instanceof Socket s) {
      so.apply(s, warn);
    } else if (connection instanceof SocketChannel ch) {
      so.apply(ch, warn);
    } else if (connection instanceof AsynchronousSocketChannel ch) {
      so.apply(ch, warn);
    } else if (connection instanceof NativeConnection n) {
      n.apply(so, warn);
    }
  }

  @Override
  public boolean banner(String daemon, Object connection, Decision d, OptionPlan.Banner b) {
    switch (banners.write(connection, b.bytes())) {
      case SENT:
        return true;
      case CLOSED:
        stats.countBannerTimeout();
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
        stats.countActionError(); // the client went away; tcpd ignores this too
        return true;
    }
  }

  @Override
  public void spawn(String daemon, Decision d, String command) {
    // never blocks; drops are counted and reported by the runner
    if (!runner.get().spawn(command)) {
      Flight.commandDropped(daemon, d.clientAddress(), d.ruleRef(), "spawn", command);
    }
  }

  @Override
  public boolean twist(
      String daemon, Object connection, Decision d, String command, Severity level, String line) {
    if (connection instanceof NativeConnection n && !n.twistable()) {
      log.access(
          LogLevel.WARN,
          daemon,
          "warning: twist "
              + Text.escape(command)
              + " not possible on "
              + n
              + ": the connection is refused");
      return refuse(daemon, connection, d, level, "refused connect from " + Verdicts.who(d));
    }
    stats.countTwisted();
    log.access(level, daemon, line);
    ClientConnection client = clientConnection(connection);
    if (client == null) {
      AcceptGate.closeQuietly(connection);
    } else {
      // the command's now: closed when the command ends
      if (!runner.get().twist(command, client)) {
        Flight.commandDropped(daemon, d.clientAddress(), d.ruleRef(), "twist", command);
      }
    }
    return true;
  }

  @Override
  public boolean refuse(String daemon, Object connection, Decision d, Severity level, String line) {
    stats.countRefused();
    AcceptGate.closeQuietly(connection);
    log.access(level, daemon, line);
    return true;
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
    if (connection instanceof NativeConnection n) {
      return new NativeClientConnection(n);
    }
    return null;
  }
}
