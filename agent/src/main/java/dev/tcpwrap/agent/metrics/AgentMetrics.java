package dev.tcpwrap.agent.metrics;

import dev.tcpwrap.agent.config.AgentConfig;
import dev.tcpwrap.agent.log.AgentLog;
import dev.tcpwrap.core.action.CommandRunner;
import dev.tcpwrap.core.reload.RuleFiles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything an operator can ask a running agent, in one place: the counters of the gate, the
 * command runner, the name lookups and the log; the rule files in force with when they were loaded
 * and what is wrong in them; the per-rule counts; the last refusals; the warnings still open. JMX
 * ({@code jmx.AgentBean}) and {@code status} ({@link StatusPublisher}) read it through {@link
 * #snapshot()}; nothing here runs on the accept path.
 */
public final class AgentMetrics {

  /** The most rules a snapshot lists as having decided (those that decided most). */
  public static final int MATCHED_LIMIT = 1000;

  /** The most never-matched rules a snapshot lists (the first in file order). */
  public static final int NEVER_LIMIT = 1000;

  private final AgentConfig config;
  private final GateStats stats;
  private final RuleFiles files; // null: no rule files (fault injection)
  private final RuleLoads loads; // null with files
  private final CountingResolver resolver; // null: no lookups counted
  private final AgentLog log;
  private final long startedMillis = System.currentTimeMillis();

  /**
   * @param config the configuration in force
   * @param stats the gate's counters (with the per-rule counts)
   * @param files the watched rule files, or {@code null}
   * @param loads what {@code files} put in force and when, or {@code null}
   * @param resolver the counting resolver the policy looks names up with, or {@code null}
   * @param log the agent log
   */
  public AgentMetrics(
      AgentConfig config,
      GateStats stats,
      RuleFiles files,
      RuleLoads loads,
      CountingResolver resolver,
      AgentLog log) {
    this.config = config;
    this.stats = stats;
    this.files = files;
    this.loads = loads;
    this.resolver = resolver;
    this.log = log;
  }

  /**
   * Looks at the rule files now and reloads those that changed (the JMX operation).
   *
   * @return what happened, in one line
   */
  public String reloadNow() {
    if (files == null || loads == null) {
      return "no rule files";
    }
    try {
      boolean changed = files.checkNow();
      StringBuilder b = new StringBuilder(changed ? "reloaded" : "no change");
      for (RuleLoads.Loaded l : loads.inForce()) {
        b.append("; ").append(l.describe());
      }
      return b.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } catch (RuntimeException e) {
      return "reload failed, the rules in force stay: " + e;
    }
  }

  /**
   * @return every counter by name, in a stable order (the JMX attributes' names)
   */
  public Map<String, Long> counters() {
    CommandRunner.Stats cs = stats.commands();
    Map<String, Long> c = new LinkedHashMap<>();
    c.put("checked", stats.checked());
    c.put("allowed", stats.allowed());
    c.put("refused", stats.refused());
    c.put("wouldRefuse", stats.wouldRefuse());
    c.put("checkFailures", stats.errors());
    c.put("twisted", stats.twisted());
    c.put("bannerTimeouts", stats.bannerTimeouts());
    c.put("optionErrors", stats.actionErrors());
    c.put("lookups", resolver == null ? 0 : resolver.lookups());
    c.put("lookupTimeouts", resolver == null ? 0 : resolver.timeouts());
    c.put("commandsStarted", cs == null ? 0 : cs.started());
    c.put("commandsDropped", cs == null ? 0 : cs.dropped());
    c.put("commandsFailed", cs == null ? 0 : cs.failed());
    c.put("commandsRunning", cs == null ? 0L : cs.running());
    c.put("logLinesOverflowed", log.overflowed());
    c.put("logLinesFailed", log.failed());
    c.put("ruleReloads", loads == null ? 0 : loads.reloads());
    c.put("decidedByNoRule", stats.ruleHits().noRule());
    return c;
  }

  /**
   * @return something that changes when a warning not counted comes or goes (the log destination
   *     failing)
   */
  public int openProblemsHint() {
    String f = log.failure();
    return f == null ? 0 : f.hashCode();
  }

  /**
   * @return {@code enforce} or {@code dry-run}
   */
  public String mode() {
    return config.mode() == AgentConfig.Mode.DRY_RUN ? "dry-run" : "enforce";
  }

  /**
   * @return the configured daemon names
   */
  public List<String> daemons() {
    return List.copyOf(config.daemonNames());
  }

  /**
   * @return the rule files in force
   */
  public List<FileState> files() {
    List<FileState> out = new ArrayList<>();
    for (RuleLoads.Loaded l : loads == null ? List.<RuleLoads.Loaded>of() : loads.inForce()) {
      out.add(
          new FileState(
              l.table.role().label(),
              l.table.name(),
              l.rules(),
              l.atMillis,
              l.outcome(),
              l.problems()));
    }
    return out;
  }

  /**
   * @return the problems still open: configuration warnings, the rule files' problems, a failing
   *     log destination, dropped commands
   */
  public List<String> warnings() {
    return warnings(files());
  }

  private List<String> warnings(List<FileState> files) {
    List<String> warnings = new ArrayList<>(config.warnings());
    for (FileState f : files) {
      warnings.addAll(f.problems());
    }
    String logFailure = log.failure();
    if (logFailure != null) {
      warnings.add("log destination " + log.destination() + " failing: " + logFailure);
    }
    CommandRunner.Stats cs = stats.commands();
    if (cs != null && cs.dropped() > 0) {
      warnings.add(cs.dropped() + " spawn/twist commands dropped (over spawn-max or spawn-rate)");
    }
    return warnings;
  }

  /**
   * @return the per-rule counters (for the lists a snapshot bounds)
   */
  public RuleHits ruleHits() {
    return stats.ruleHits();
  }

  /**
   * @return the last refusals, oldest first
   */
  public List<RecentRefusals.Refusal> recent() {
    return stats.recent().list();
  }

  /**
   * @return what the agent is doing now
   */
  public Snapshot snapshot() {
    RuleHits hits = stats.ruleHits();
    List<FileState> files = files();
    return new Snapshot(
        System.currentTimeMillis(),
        startedMillis,
        mode(),
        daemons(),
        counters(),
        files,
        hits.rules(),
        hits.matched(StatusText.TOP), // as many as the text shows: sorting all is wasted
        hits.neverMatchedCount(),
        hits.neverMatched(StatusText.NEVER),
        hits.noRuleLastMillis(),
        recent(),
        perDaemon(),
        warnings(files));
  }

  /**
   * @return the daemon names whose decisions are counted apart (none with a single name)
   */
  public List<String> daemonsCounted() {
    List<String> out = new ArrayList<>();
    if (stats.daemons().kept()) {
      for (String d : config.daemonNames()) {
        if (stats.daemons().of(d) != null) {
          out.add(d);
        }
      }
    }
    return out;
  }

  /**
   * @return the counters of one daemon name, or {@code null}
   */
  public DaemonCounts.Counts countsOf(String daemon) {
    return stats.daemons().of(daemon);
  }

  /**
   * @return the decisions per daemon name, when kept (more than one name configured)
   */
  public List<DaemonState> perDaemon() {
    List<DaemonState> out = new ArrayList<>();
    DaemonCounts counts = stats.daemons();
    if (counts.kept()) {
      for (String d : config.daemonNames()) {
        DaemonCounts.Counts c = counts.of(d);
        if (c != null) {
          out.add(new DaemonState(d, c.allowed(), c.refused(), c.twisted(), c.wouldRefuse()));
        }
      }
    }
    return out;
  }

  /**
   * The decisions for one daemon name.
   *
   * @param daemon the name
   * @param allowed connections handed to the application
   * @param refused connections refused
   * @param twisted connections handed to a twist command
   * @param wouldRefuse dry-run refusals
   */
  public record DaemonState(
      String daemon, long allowed, long refused, long twisted, long wouldRefuse) {}

  /**
   * A rule file as it is in force.
   *
   * @param table {@code hosts.allow} or {@code hosts.deny}
   * @param path the file
   * @param rules how many rules it has
   * @param loadedMillis when it was (re)loaded, epoch milliseconds
   * @param outcome {@code loaded}, {@code missing} (treated as empty) or {@code failed} (cannot be
   *     read to its end)
   * @param problems the errors and warnings found in it, as {@code check} reports them
   */
  public record FileState(
      String table,
      String path,
      int rules,
      long loadedMillis,
      String outcome,
      List<String> problems) {}

  /**
   * What the agent is doing at one moment.
   *
   * @param takenMillis when this was taken
   * @param startedMillis when the agent started
   * @param mode {@code enforce} or {@code dry-run}
   * @param daemons the daemon names configured
   * @param counters name to value, in a stable order
   * @param files the rule files in force
   * @param rules how many rules are in force
   * @param matched the rules that decided connections, most first (at most {@link StatusText#TOP})
   * @param neverMatchedCount how many rules in force decided none yet
   * @param neverMatched the first of those, in file order (at most {@link StatusText#NEVER})
   * @param noRuleLastMillis when no rule last decided (the default), 0 if never
   * @param recent the last refusals, oldest first
   * @param perDaemon the decisions per daemon name (empty with one name)
   * @param warnings the problems still open
   */
  public record Snapshot(
      long takenMillis,
      long startedMillis,
      String mode,
      List<String> daemons,
      Map<String, Long> counters,
      List<FileState> files,
      int rules,
      List<RuleHits.Count> matched,
      int neverMatchedCount,
      List<RuleHits.Count> neverMatched,
      long noRuleLastMillis,
      List<RecentRefusals.Refusal> recent,
      List<DaemonState> perDaemon,
      List<String> warnings) {}
}
