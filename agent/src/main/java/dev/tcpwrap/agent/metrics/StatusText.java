package dev.tcpwrap.agent.metrics;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The text {@code status} prints: a snapshot in a few aligned lines, bounded in length (the rules
 * that decided most, at most {@link #TOP}; the rules that never matched, at most {@link #NEVER}
 * with how many there are in all), so that a file of 100,000 rules gives a short answer.
 */
public final class StatusText {

  /** Most-deciding rules shown. */
  public static final int TOP = 10;

  /** Never-matched rules shown. */
  public static final int NEVER = 20;

  /** Open warnings shown. */
  public static final int WARNINGS = 20;

  private StatusText() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /**
   * @return the snapshot as the lines {@code status} prints, each ending in a newline
   */
  public static String of(AgentMetrics.Snapshot s) {
    StringBuilder b = new StringBuilder();
    Map<String, Long> c = s.counters();
    line(
        b,
        "as of",
        time(s.takenMillis())
            + " (agent up "
            + Duration.ofMillis(s.takenMillis() - s.startedMillis()).toSeconds()
            + " s)");
    line(b, "mode", s.mode());
    line(b, "daemons", String.join(", ", s.daemons()));
    boolean first = true;
    for (AgentMetrics.FileState f : s.files()) {
      line(
          b,
          first ? "rule files" : "",
          f.path()
              + ": "
              + (f.outcome().equals("missing")
                  ? "missing (treated as empty)"
                  : f.rules() + (f.rules() == 1 ? " rule" : " rules"))
              + (f.outcome().equals("failed") ? ", cannot be read to its end" : "")
              + ", loaded "
              + time(f.loadedMillis())
              + (f.problems().isEmpty()
                  ? ""
                  : ", "
                      + f.problems().size()
                      + (f.problems().size() == 1 ? " problem" : " problems")));
      first = false;
    }
    line(
        b,
        "connections",
        "checked "
            + c.get("checked")
            + ", allowed "
            + c.get("allowed")
            + ", refused "
            + c.get("refused")
            + ", would-refuse "
            + c.get("wouldRefuse")
            + ", twisted "
            + c.get("twisted")
            + ", check failures "
            + c.get("checkFailures"));
    boolean first2 = true;
    for (AgentMetrics.DaemonState d : s.perDaemon()) {
      line(
          b,
          first2 ? "per daemon" : "",
          d.daemon()
              + ": allowed "
              + d.allowed()
              + ", refused "
              + d.refused()
              + ", would-refuse "
              + d.wouldRefuse()
              + ", twisted "
              + d.twisted());
      first2 = false;
    }
    line(b, "lookups", c.get("lookups") + ", timed out " + c.get("lookupTimeouts"));
    line(
        b,
        "commands",
        "started "
            + c.get("commandsStarted")
            + ", dropped "
            + c.get("commandsDropped")
            + ", failed "
            + c.get("commandsFailed"));
    line(
        b,
        "log lines lost",
        (c.get("logLinesOverflowed") + c.get("logLinesFailed"))
            + " (queue full "
            + c.get("logLinesOverflowed")
            + ", destination failed "
            + c.get("logLinesFailed")
            + ")");
    List<RuleHits.Count> top = s.matched().subList(0, Math.min(TOP, s.matched().size()));
    if (top.isEmpty() && c.get("decidedByNoRule") == 0) {
      line(b, "decided most", "none yet");
    }
    first = true;
    for (RuleHits.Count r : top) {
      line(
          b,
          first ? "decided most" : "",
          r.hits() + "  " + rule(r) + "  (last " + time(r.lastMillis()) + ")");
      first = false;
    }
    if (c.get("decidedByNoRule") > 0) {
      line(
          b,
          first ? "decided most" : "",
          c.get("decidedByNoRule")
              + "  no rule matched (granted by default)  (last "
              + time(s.noRuleLastMillis())
              + ")");
    }
    List<RuleHits.Count> never = s.neverMatched();
    int neverCount = s.neverMatchedCount();
    line(b, "never matched", neverCount == 0 ? "none" : neverCount + " of " + s.rules() + " rules");
    for (int i = 0; i < Math.min(NEVER, never.size()); i++) {
      line(b, "", rule(never.get(i)));
    }
    if (neverCount > NEVER) {
      line(b, "", "... and " + (neverCount - NEVER) + " more");
    }
    if (s.recent().isEmpty()) {
      line(b, "last refused", "none");
    }
    first = true;
    for (int i = s.recent().size() - 1; i >= 0; i--) {
      RecentRefusals.Refusal r = s.recent().get(i);
      line(
          b,
          first ? "last refused" : "",
          time(r.atMillis())
              + "  "
              + r.client()
              + "  "
              + r.daemon()
              + "  "
              + r.rule()
              + (r.outcome().equals("refused") ? "" : "  (" + r.outcome() + ")"));
      first = false;
    }
    if (s.warnings().isEmpty()) {
      line(b, "warnings", "none");
    }
    first = true;
    for (int i = 0; i < Math.min(WARNINGS, s.warnings().size()); i++) {
      line(b, first ? "warnings" : "", s.warnings().get(i));
      first = false;
    }
    if (s.warnings().size() > WARNINGS) {
      line(b, "", "... and " + (s.warnings().size() - WARNINGS) + " more");
    }
    return b.toString();
  }

  private static String rule(RuleHits.Count r) {
    return r.ref() + "  " + r.text();
  }

  /**
   * @return the time as ISO-8601 UTC to the second, or {@code never} for 0
   */
  static String time(long millis) {
    return millis == 0
        ? "never"
        : Instant.ofEpochMilli(millis).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static void line(StringBuilder b, String label, String value) {
    b.append(label.isEmpty() ? "" : label + ":");
    b.append(" ".repeat(Math.max(1, 16 - (label.isEmpty() ? 0 : label.length() + 1))));
    b.append(value.replace('\n', ' ').replace('\r', ' ')).append('\n');
  }
}
