package dev.tcpwrap.agent;

import dev.tcpwrap.agent.bootstrap.AcceptGate;
import dev.tcpwrap.agent.cli.AgentStatus;
import dev.tcpwrap.agent.config.AgentConfig;
import dev.tcpwrap.agent.config.ConfigException;
import dev.tcpwrap.agent.engine.ConnectionPolicy;
import dev.tcpwrap.agent.engine.CorePolicy;
import dev.tcpwrap.agent.engine.FaultyPolicy;
import dev.tcpwrap.agent.engine.RuleLint;
import dev.tcpwrap.agent.engine.RuleLog;
import dev.tcpwrap.agent.gate.ConnectionFilter;
import dev.tcpwrap.agent.inetd.InheritedConnection;
import dev.tcpwrap.agent.instrument.Instrumenter;
import dev.tcpwrap.agent.jmx.JmxRegistration;
import dev.tcpwrap.agent.log.AgentLog;
import dev.tcpwrap.agent.log.LogLevel;
import dev.tcpwrap.agent.log.Text;
import dev.tcpwrap.agent.metrics.AgentMetrics;
import dev.tcpwrap.agent.metrics.CountingResolver;
import dev.tcpwrap.agent.metrics.RuleHits;
import dev.tcpwrap.agent.metrics.RuleLoads;
import dev.tcpwrap.agent.metrics.StatusPublisher;
import dev.tcpwrap.core.action.IdentClient;
import dev.tcpwrap.core.files.RuleFileReader;
import dev.tcpwrap.core.reload.RuleFiles;
import dev.tcpwrap.core.resolve.SystemHostResolver;
import java.lang.instrument.Instrumentation;

/**
 * Starts the agent once the bootstrap classes are in the boot loader: configuration, log, rule
 * files (loaded now, then watched by a background thread), policy, filter, instrumentation, in that
 * order (the filter is live before any advice can run). At JVM start a connection inherited on
 * standard input (inetd-style) is checked last, before the application's {@code main} ({@link
 * InheritedConnection}).
 *
 * <p>Failure handling. A configuration error stops a JVM that is starting with one line on stderr
 * and exit status 2 (in an attached JVM it only aborts the attach). Any other failure while
 * installing follows {@code onerror}: {@code deny} stops a starting JVM (status 1) rather than run
 * it unprotected; {@code allow} logs and lets the application run unprotected.
 *
 * <p>Idempotence. The agent installs at most once per JVM. A later start ({@code attach} into a JVM
 * that already runs the agent, from {@code -javaagent} or an earlier attach) logs {@code already
 * active} and changes nothing: its arguments are ignored. The rule files need no second attach,
 * they are reloaded by themselves; other settings need a restart. Each start records its outcome in
 * {@link AgentStatus}.
 */
final class AgentStarter {

  /** Exit status of a JVM stopped by a configuration error. */
  static final int EXIT_CONFIG = 2;

  /** Exit status of a JVM stopped because protection could not be installed (onerror=deny). */
  static final int EXIT_INSTALL = 1;

  /** Set once the first start got as far as installing: later starts change nothing. */
  private static volatile boolean installing;

  private AgentStarter() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /**
   * @param args the agent arguments
   * @param inst the instrumentation
   * @param atStartup {@code true} for premain, {@code false} for attach
   * @param t0 {@code System.nanoTime()} at entry, for the start-up time
   * @param bootAppendedBecause {@code null} if the bootstrap classes were defined in the boot
   *     loader; else why their jar had to be appended to the boot class path (logged once as a
   *     warning: class data sharing is then off for the application's classes)
   */
  static void start(
      String args, Instrumentation inst, boolean atStartup, long t0, String bootAppendedBecause) {
    if (AcceptGate.class.getClassLoader() != null) {
      fatal(atStartup, EXIT_INSTALL, "internal error: the accept gate is not in the boot loader");
      AgentStatus.record(AgentStatus.Outcome.FAILED, "the accept gate is not in the boot loader");
      return;
    }
    Runnable inheritedCheck = null;
    synchronized (AgentStarter.class) {
      if (installing && AcceptGate.filter == null) {
        System.err.println(
            "tcpwrap: error: an earlier start of the agent failed in this JVM; restart it");
        AgentStatus.record(
            AgentStatus.Outcome.FAILED,
            "an earlier start of the agent failed in this JVM;"
                + " nothing done (restart the JVM)");
        return;
      }
      if (installing || AcceptGate.filter != null) {
        System.err.println(
            "tcpwrap: warning: agent already active in this JVM; this "
                + (atStartup ? "copy" : "attach")
                + " changes nothing (rule files are reloaded by themselves;"
                + " other settings need a restart)");
        AgentStatus.record(
            AgentStatus.Outcome.ALREADY_ACTIVE,
            "already active; nothing changed (arguments ignored)");
        return;
      }
      AgentConfig config;
      try {
        config =
            AgentConfig.load(
                args,
                System.getProperties(),
                System.getenv(),
                System.getProperty("sun.java.command"));
      } catch (ConfigException e) {
        AgentStatus.record(
            AgentStatus.Outcome.CONFIG_ERROR, "configuration error: " + e.getMessage());
        fatal(atStartup, EXIT_CONFIG, "configuration error: " + e.getMessage());
        return;
      }
      AgentLog log;
      try {
        // inetd-style: standard error may be the client's connection, and no line may reach it
        LogLevel level =
            atStartup && InheritedConnection.logWouldReachClient(config.log())
                ? LogLevel.OFF
                : config.logLevel();
        log = AgentLog.start(level, config.log(), inst);
      } catch (Exception e) {
        String msg =
            "configuration error: cannot open log '" + Text.escape(config.log()) + "': " + e;
        AgentStatus.record(AgentStatus.Outcome.CONFIG_ERROR, msg);
        fatal(atStartup, EXIT_CONFIG, msg);
        return;
      }
      if (bootAppendedBecause != null) {
        log.diag(
            LogLevel.WARN,
            "class data sharing (CDS, AppCDS) is off for this JVM's application classes: the agent's"
                + " bootstrap classes had to be appended to the boot class path ("
                + Text.escape(bootAppendedBecause)
                + ")");
      }
      installing = true;
      try {
        ConnectionFilter filter = install(config, inst, log, atStartup, t0);
        if (atStartup) {
          inheritedCheck =
              () -> InheritedConnection.check(filter, config, log, bootAppendedBecause != null);
        }
      } catch (Throwable t) {
        AcceptGate.filter = null;
        AgentStatus.record(AgentStatus.Outcome.FAILED, "could not install protection: " + t);
        if (config.denyOnError() && atStartup) {
          fatal(true, EXIT_INSTALL, "could not install protection (onerror=deny): " + t);
        } else {
          log.diag(LogLevel.ERROR, "could not install protection, running UNPROTECTED: " + t);
        }
      }
    }
    if (inheritedCheck != null) {
      inheritedCheck.run(); // outside the lock: a refusal ends the JVM from here
    }
  }

  // rule files, policy, filter, instrumentation; logs the effective configuration and the time
  // taken
  private static ConnectionFilter install(
      AgentConfig config, Instrumentation inst, AgentLog log, boolean atStartup, long t0) {
    System.setProperty(
        "net.bytebuddy.nexus.disabled", "true"); // relocated by shading to our copy's name
    log.diag(LogLevel.INFO, "effective configuration: " + Text.escape(config.describe()));
    for (String w : config.warnings()) {
      log.diag(LogLevel.WARN, w);
    }
    ConnectionPolicy policy;
    RuleFiles files = null;
    CountingResolver resolver = null;
    RuleHits ruleHits = RuleHits.none();
    RuleLoads loads = null;
    if (config.faultDecide()) {
      policy = new FaultyPolicy();
    } else {
      RuleFileReader.setLimit(config.maxFileSize());
      // read, parsed and indexed off the start-up path: a connection accepted before the rules
      // are in force waits for them (RuleFiles.current)
      files =
          RuleFiles.loadedLater(
              config.allowFile(),
              config.denyFile(),
              config.reloadInterval() == null
                  ? RuleFiles.DEFAULT_INTERVAL
                  : config.reloadInterval(),
              new RuleLog(log),
              RuleLint::lint);
      files.prepareFor(config.daemonNames());
      ruleHits = new RuleHits();
      loads = RuleLoads.follow(files, ruleHits); // before the first load: it counts from the start
      files.loadInBackground();
      resolver =
          new CountingResolver(
              SystemHostResolver.builder()
                  .timeout(config.dnsTimeout())
                  .log(line -> log.diag(LogLevel.WARN, line))
                  .build(),
              config.dnsTimeout());
      policy = CorePolicy.of(files, resolver, IdentClient.STANDARD, config.identTimeout(), log);
    }
    ConnectionFilter filter = new ConnectionFilter(config, policy, log, ruleHits);
    AgentMetrics metrics = new AgentMetrics(config, filter.stats(), files, loads, resolver, log);
    AcceptGate.denyOnError = config.denyOnError();
    AcceptGate.filter = filter;
    Instrumenter instrumenter = new Instrumenter(log, !atStartup);
    instrumenter.install(inst);
    if (files != null && config.reloadInterval() != null) {
      files.start(); // also reports the first load, off the starting thread
    } else if (files != null) {
      Thread report = new Thread(files::reportLoaded, "tcpwrap-load-report");
      report.setDaemon(true);
      report.start();
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    String summary =
        (atStartup ? "premain" : "agentmain")
            + " done in "
            + ms
            + " ms, "
            + instrumenter.transformed()
            + " classes instrumented so far, mode="
            + (config.mode() == AgentConfig.Mode.DRY_RUN ? "dry-run" : "enforce")
            + ", rule files "
            + (config.reloadInterval() == null
                ? "loaded once (reload=off)"
                : "watched every " + config.reloadInterval().toMillis() + " ms")
            + ", log to "
            + log.destination();
    log.diag(LogLevel.INFO, summary);
    if (!atStartup) {
      log.diag(
          LogLevel.INFO,
          "attached at run time: a ServerSocket accept() that was already waiting returns its next"
              + " connection closed if that one is refused, instead of skipping it");
    }
    AgentStatus.record(AgentStatus.Outcome.ACTIVE, "daemon=" + config.daemon() + ", " + summary);
    // status for `tcpwrap.jar status PID`, and JMX later, both on a thread of their own
    StatusPublisher.start(
        metrics,
        JmxRegistration.later(metrics, ConnectionFilter.reportTo(log)),
        JmxRegistration.delayMillis());
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () ->
                    log.diag(
                        LogLevel.DEBUG,
                        "stats: "
                            + filter.stats()
                            + ", escaped failures="
                            + AcceptGate.ESCAPED_FAILURES.get()
                            + ", dropped log lines="
                            + log.dropped()),
                "tcpwrap-stats"));
    return filter;
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
