package dev.tcpwrap.agent.jmx;

import java.util.Map;

/**
 * The agent as JMX shows it, under {@value JmxRegistration#NAME}: counters (JConsole, VisualVM,
 * Prometheus through {@code jmx_prometheus_javaagent}), the rule files and per-rule counts, the
 * warnings still open, and an operation that reloads the rule files now.
 */
public interface AgentMXBean {

  /**
   * @return {@code enforce} or {@code dry-run}
   */
  String getMode();

  /**
   * @return the daemon names configured ({@code daemon}, {@code daemon.PORT})
   */
  String[] getDaemons();

  /**
   * @return TCP connections checked
   */
  long getChecked();

  /**
   * @return connections handed to the application
   */
  long getAllowed();

  /**
   * @return connections refused (closed before the application saw them)
   */
  long getRefused();

  /**
   * @return connections the rules refuse, let through in dry-run
   */
  long getWouldRefuse();

  /**
   * @return checks that failed internally and were decided by {@code onerror}
   */
  long getCheckFailures();

  /**
   * @return connections handed to a {@code twist} command
   */
  long getTwisted();

  /**
   * @return host-name lookups the rules asked for
   */
  long getLookups();

  /**
   * @return lookups that ran into {@code dns-timeout}
   */
  long getLookupTimeouts();

  /**
   * @return {@code spawn} and {@code twist} commands started
   */
  long getCommandsStarted();

  /**
   * @return commands dropped (over {@code spawn-max} or {@code spawn-rate})
   */
  long getCommandsDropped();

  /**
   * @return commands that could not be started
   */
  long getCommandsFailed();

  /**
   * @return log lines lost, the queue full or the destination failing
   */
  long getLogLinesLost();

  /**
   * @return rule files reloaded since the start
   */
  long getRuleReloads();

  /**
   * @return connections no rule decided (granted by default)
   */
  long getDecidedByNoRule();

  /**
   * @return the rule files in force
   */
  RuleFileInfo[] getRuleFiles();

  /**
   * @return the rules that decided connections, how many and when last, most first (at most 1,000)
   */
  RuleHitInfo[] getRuleHits();

  /**
   * @return {@code FILE:LINE} to the connections that rule decided (a table for Prometheus: one
   *     labelled series per rule)
   */
  Map<String, Long> getRuleHitCounts();

  /**
   * @return the rules in force that have not decided a connection, {@code FILE:LINE RULE}
   */
  String[] getRulesNeverMatched();

  /**
   * @return how many rules in force have not decided a connection (the list above shows the first
   *     1,000)
   */
  int getRulesNeverMatchedCount();

  /**
   * @return the last refused clients, newest first
   */
  String[] getLastRefused();

  /**
   * @return the problems still open: rule file errors and warnings, a failing log destination,
   *     dropped commands, configuration warnings
   */
  String[] getWarnings();

  /**
   * @return what {@code java -jar tcpwrap.jar status PID} prints
   */
  String getStatusText();

  /**
   * Looks at the rule files now and reloads those that changed (as the watcher would within its
   * interval); with {@code reload=off}, the only way to take changes without a restart.
   *
   * @return what happened
   */
  String reload();
}
