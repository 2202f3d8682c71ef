package dev.tcpwrap.agent;

import dev.tcpwrap.agent.bootstrap.AcceptGate;
import dev.tcpwrap.agent.config.AgentConfig;
import dev.tcpwrap.agent.config.ConfigException;
import dev.tcpwrap.agent.engine.ConnectionPolicy;
import dev.tcpwrap.agent.engine.CorePolicy;
import dev.tcpwrap.agent.engine.FaultyPolicy;
import dev.tcpwrap.agent.engine.PolicyHolder;
import dev.tcpwrap.agent.gate.ConnectionFilter;
import dev.tcpwrap.agent.instrument.Instrumenter;
import dev.tcpwrap.agent.log.AgentLog;
import dev.tcpwrap.agent.log.LogLevel;
import dev.tcpwrap.agent.log.Text;
import dev.tcpwrap.core.resolve.SystemHostResolver;
import java.lang.instrument.Instrumentation;

/**
 * Starts the agent once the bootstrap classes are on the bootstrap class path: configuration, log, policy,
 * filter, instrumentation, in that order (the filter is live before any advice can run).
 *
 * <p>Failure handling. A configuration error stops a JVM that is starting with one line on stderr and exit
 * status 2 (in an attached JVM it only aborts the attach). Any other failure while installing follows
 * {@code onerror}: {@code deny} stops a starting JVM (status 1) rather than run it unprotected;
 * {@code allow} logs and lets the application run unprotected.
 */
final class AgentStarter {

  /** Exit status of a JVM stopped by a configuration error. */
  static final int EXIT_CONFIG = 2;

  /** Exit status of a JVM stopped because protection could not be installed (onerror=deny). */
  static final int EXIT_INSTALL = 1;

  private AgentStarter() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /**
   * @param args      the agent arguments
   * @param inst      the instrumentation
   * @param atStartup {@code true} for premain, {@code false} for attach
   * @param t0        {@code System.nanoTime()} at entry, for the start-up time
   */
  static void start(String args, Instrumentation inst, boolean atStartup, long t0) {
    AgentConfig config;
    try {
      config = AgentConfig.load(args, System.getProperties(), System.getenv(),
          System.getProperty("sun.java.command"));
    } catch (ConfigException e) {
      fatal(atStartup, EXIT_CONFIG, "configuration error: " + e.getMessage());
      return;
    }
    if (AcceptGate.class.getClassLoader() != null) {
      fatal(atStartup, EXIT_INSTALL, "internal error: the accept gate is not on the bootstrap class path");
      return;
    }
    if (AcceptGate.filter != null) {
      System.err.println("tcpwrap: warning: agent already installed; ignoring this one");
      return;
    }
    AgentLog log;
    try {
      log = AgentLog.start(config.logLevel(), config.log());
    } catch (Exception e) {
      fatal(atStartup, EXIT_CONFIG, "configuration error: cannot open log '" + Text.escape(config.log())
          + "': " + e);
      return;
    }
    try {
      install(config, inst, log, atStartup, t0);
    } catch (Throwable t) {
      AcceptGate.filter = null;
      if (config.denyOnError() && atStartup) {
        fatal(true, EXIT_INSTALL, "could not install protection (onerror=deny): " + t);
      } else {
        log.diag(LogLevel.ERROR, "could not install protection, running UNPROTECTED: " + t);
      }
    }
  }

  // policy, filter, instrumentation; logs the effective configuration and the time taken
  private static void install(AgentConfig config, Instrumentation inst, AgentLog log, boolean atStartup,
                              long t0) {
    System.setProperty("net.bytebuddy.nexus.disabled", "true"); // relocated by shading to our copy's name
    for (String w : config.warnings()) {
      log.diag(LogLevel.WARN, w);
    }
    ConnectionPolicy policy = config.faultDecide()
        ? new FaultyPolicy()
        : CorePolicy.load(config.allowFile(), config.denyFile(), SystemHostResolver.builder().timeout(config.dnsTimeout()).build(), log);
    ConnectionFilter filter = new ConnectionFilter(config, new PolicyHolder(policy), log);
    AcceptGate.denyOnError = config.denyOnError();
    AcceptGate.filter = filter;
    Instrumenter instrumenter = new Instrumenter(log);
    instrumenter.install(inst);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    log.diag(LogLevel.INFO, "effective configuration: " + Text.escape(config.describe()));
    log.diag(LogLevel.INFO, (atStartup ? "premain" : "agentmain") + " done in " + ms + " ms, "
        + instrumenter.transformed() + " classes instrumented so far, mode="
        + (config.mode() == AgentConfig.Mode.DRY_RUN ? "dry-run" : "enforce"));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> log.diag(LogLevel.DEBUG,
        "stats: " + filter.stats() + ", escaped failures=" + AcceptGate.ESCAPED_FAILURES.get()
            + ", dropped log lines=" + log.dropped()), "tcpwrap-stats"));
  }

  // one line on stderr; at start-up the JVM stops, on attach only the agent does
  private static void fatal(boolean atStartup, int status, String message) {
    System.err.println("tcpwrap: " + message + (atStartup ? "" : " (agent not attached)"));
    System.err.flush();
    if (atStartup) {
      Runtime.getRuntime().halt(status);
    }
  }
}
