package dev.tcpwrap.agent.jmx;

import dev.tcpwrap.agent.metrics.AgentMetrics;
import dev.tcpwrap.agent.metrics.RecentRefusals;
import dev.tcpwrap.agent.metrics.RuleHits;
import dev.tcpwrap.agent.metrics.StatusText;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link AgentMXBean} over {@link AgentMetrics}; every read takes the values of that moment. */
final class AgentBean implements AgentMXBean {

  private final AgentMetrics metrics;

  AgentBean(AgentMetrics metrics) {
    this.metrics = metrics;
  }

  private long counter(String name) {
    Long v = metrics.counters().get(name);
    return v == null ? 0 : v;
  }

  @Override
  public String getMode() {
    return metrics.mode();
  }

  @Override
  public String[] getDaemons() {
    return metrics.daemons().toArray(String[]::new);
  }

  @Override
  public long getChecked() {
    return counter("checked");
  }

  @Override
  public long getAllowed() {
    return counter("allowed");
  }

  @Override
  public long getRefused() {
    return counter("refused");
  }

  @Override
  public long getWouldRefuse() {
    return counter("wouldRefuse");
  }

  @Override
  public long getCheckFailures() {
    return counter("checkFailures");
  }

  @Override
  public long getTwisted() {
    return counter("twisted");
  }

  @Override
  public long getLookups() {
    return counter("lookups");
  }

  @Override
  public long getLookupTimeouts() {
    return counter("lookupTimeouts");
  }

  @Override
  public long getCommandsStarted() {
    return counter("commandsStarted");
  }

  @Override
  public long getCommandsDropped() {
    return counter("commandsDropped");
  }

  @Override
  public long getCommandsFailed() {
    return counter("commandsFailed");
  }

  @Override
  public long getLogLinesLost() {
    return counter("logLinesOverflowed") + counter("logLinesFailed");
  }

  @Override
  public long getRuleReloads() {
    return counter("ruleReloads");
  }

  @Override
  public long getDecidedByNoRule() {
    return counter("decidedByNoRule");
  }

  @Override
  public RuleFileInfo[] getRuleFiles() {
    return metrics.files().stream()
        .map(
            f ->
                new RuleFileInfo(
                    f.table(),
                    f.path(),
                    f.rules(),
                    f.loadedMillis(),
                    f.outcome(),
                    f.problems().toArray(String[]::new)))
        .toArray(RuleFileInfo[]::new);
  }

  @Override
  public RuleHitInfo[] getRuleHits() {
    return metrics.ruleHits().matched(AgentMetrics.MATCHED_LIMIT).stream()
        .map(r -> new RuleHitInfo(r.file(), r.line(), r.text(), r.hits(), r.lastMillis()))
        .toArray(RuleHitInfo[]::new);
  }

  @Override
  public Map<String, Long> getRuleHitCounts() {
    RuleHits hits = metrics.ruleHits();
    Map<String, Long> m = new LinkedHashMap<>();
    for (RuleHits.Count r : hits.matched(AgentMetrics.MATCHED_LIMIT)) {
      m.put(r.ref(), r.hits());
    }
    // the rules at 0 too, while that keeps the table small enough for a metrics system
    if (hits.rules() <= AgentMetrics.MATCHED_LIMIT) {
      for (RuleHits.Count r : hits.neverMatched(AgentMetrics.NEVER_LIMIT)) {
        m.put(r.ref(), 0L);
      }
    }
    return m;
  }

  @Override
  public String[] getRulesNeverMatched() {
    return metrics.ruleHits().neverMatched(AgentMetrics.NEVER_LIMIT).stream()
        .map(r -> r.ref() + "  " + r.text())
        .toArray(String[]::new);
  }

  @Override
  public int getRulesNeverMatchedCount() {
    return metrics.ruleHits().neverMatchedCount();
  }

  @Override
  public String[] getLastRefused() {
    List<RecentRefusals.Refusal> recent = metrics.recent();
    String[] out = new String[recent.size()];
    for (int i = 0; i < out.length; i++) {
      RecentRefusals.Refusal r = recent.get(recent.size() - 1 - i);
      out[i] =
          Instant.ofEpochMilli(r.atMillis())
              + " "
              + r.client()
              + " "
              + r.daemon()
              + " "
              + r.rule()
              + " "
              + r.outcome();
    }
    return out;
  }

  @Override
  public String[] getWarnings() {
    return metrics.warnings().toArray(String[]::new);
  }

  @Override
  public String getStatusText() {
    return StatusText.of(metrics.snapshot());
  }

  @Override
  public String reload() {
    return metrics.reloadNow();
  }
}
