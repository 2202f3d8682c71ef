package dev.tcpwrap.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusTextTest {

  private static Map<String, Long> counters() {
    Map<String, Long> c = new LinkedHashMap<>();
    for (String k :
        List.of(
            "checked",
            "allowed",
            "refused",
            "wouldRefuse",
            "checkFailures",
            "twisted",
            "lookups",
            "lookupTimeouts",
            "commandsStarted",
            "commandsDropped",
            "commandsFailed",
            "logLinesOverflowed",
            "logLinesFailed",
            "decidedByNoRule")) {
      c.put(k, 0L);
    }
    return c;
  }

  @Test
  void boundedListsSayHowManyMore() {
    List<RuleHits.Count> never = new ArrayList<>();
    for (int i = 1; i <= 1000; i++) {
      never.add(
          new RuleHits.Count("/x/hosts.deny", i, "ALL: 10.0." + i / 256 + "." + i % 256, 0, 0));
    }
    Map<String, Long> c = counters();
    c.put("checked", 7L);
    c.put("refused", 7L);
    AgentMetrics.Snapshot s =
        new AgentMetrics.Snapshot(
            1_000_000,
            995_000,
            "dry-run",
            List.of("shop", "jmx"),
            c,
            List.of(
                new AgentMetrics.FileState(
                    "hosts.deny", "/x/hosts.deny", 100_001, 999_000, "loaded", List.of())),
            100_001,
            List.of(new RuleHits.Count("/x/hosts.deny", 5000, "ALL: 10.9.9.9", 7, 999_500)),
            100_000,
            never,
            0,
            List.of(
                new RecentRefusals.Refusal(
                    999_600, "shop", "10.9.9.9", "hosts.deny:5000", "would-refuse")),
            List.of(new AgentMetrics.DaemonState("shop", 1, 2, 0, 7)),
            List.of("warning: /x/hosts.deny, line 3: something"));
    String text = StatusText.of(s);
    assertThat(text)
        .contains("mode:           dry-run\n")
        .contains("daemons:        shop, jmx\n")
        .contains("per daemon:     shop: allowed 1, refused 2, would-refuse 7, twisted 0\n")
        .contains("/x/hosts.deny: 100001 rules, loaded 1970-01-01T00:16:39Z\n")
        .contains(
            "decided most:   7  /x/hosts.deny:5000  ALL: 10.9.9.9  (last 1970-01-01T00:16:39Z)\n")
        .contains("never matched:  100000 of 100001 rules\n")
        .contains("... and 99980 more\n")
        .contains(
            "last refused:   1970-01-01T00:16:39Z  10.9.9.9  shop  hosts.deny:5000  (would-refuse)\n")
        .contains("warnings:       warning: /x/hosts.deny, line 3: something\n");
    assertThat(text.lines().filter(l -> l.contains("ALL: 10.0."))).hasSize(StatusText.NEVER);
  }
}
