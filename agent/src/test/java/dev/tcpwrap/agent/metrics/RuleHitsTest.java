package dev.tcpwrap.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.core.access.AccessControl;
import dev.tcpwrap.core.access.FileMatchEnvironment;
import dev.tcpwrap.core.rules.RuleTable;
import dev.tcpwrap.core.rules.RuleTableLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleHitsTest {

  private static RuleTable table(String name, RuleTable.Role role, String text) {
    return RuleTableLoader.parse(name, role, text.getBytes(StandardCharsets.US_ASCII));
  }

  private static AccessControl rules(RuleTable allow, RuleTable deny) {
    return AccessControl.of(allow, deny, FileMatchEnvironment.system());
  }

  private static final RuleTable ALLOW =
      table("/a/hosts.allow", RuleTable.Role.ALLOW, "# comment\nsshd: 10.0.0.1\nALL: 127.0.0.1\n");
  private static final RuleTable DENY =
      table("/a/hosts.deny", RuleTable.Role.DENY, "ALL: 127.0.0.2\nftpd: ALL\n");

  @Test
  void countsByTableAndLine() {
    RuleHits hits = new RuleHits();
    hits.prepare(rules(ALLOW, DENY));
    hits.hit(RuleTable.Role.DENY, 1, 1000);
    hits.hit(RuleTable.Role.DENY, 1, 2000);
    hits.hit(RuleTable.Role.ALLOW, 3, 1500);
    hits.hit(null, 0, 3000);

    assertThat(hits.rules()).isEqualTo(4);
    assertThat(hits.matched(10))
        .containsExactly(
            new RuleHits.Count("/a/hosts.deny", 1, "ALL: 127.0.0.2", 2, 2000),
            new RuleHits.Count("/a/hosts.allow", 3, "ALL: 127.0.0.1", 1, 1500));
    assertThat(hits.neverMatchedCount()).isEqualTo(2);
    assertThat(hits.neverMatched(10))
        .extracting(RuleHits.Count::ref)
        .containsExactly("/a/hosts.allow:2", "/a/hosts.deny:2");
    assertThat(hits.neverMatched(1)).hasSize(1);
    assertThat(hits.noRule()).isEqualTo(1);
    assertThat(hits.noRuleLastMillis()).isEqualTo(3000);
    assertThat(hits.unattributed()).isZero();
  }

  @Test
  void aLineWithoutARuleIsNotCountedForAnyRule() {
    RuleHits hits = new RuleHits();
    hits.prepare(rules(ALLOW, DENY));
    hits.hit(RuleTable.Role.ALLOW, 1, 1); // the comment
    hits.hit(RuleTable.Role.ALLOW, 99, 1);
    assertThat(hits.matched(10)).isEmpty();
    assertThat(hits.unattributed()).isEqualTo(2);
  }

  @Test
  void beforeTheFirstRulesNothingIsLost() {
    RuleHits hits = new RuleHits();
    hits.hit(RuleTable.Role.DENY, 1, 1);
    assertThat(hits.unattributed()).isEqualTo(1);
    RuleHits none = RuleHits.none();
    none.prepare(rules(ALLOW, DENY));
    none.hit(RuleTable.Role.DENY, 1, 1);
    assertThat(none.rules()).isZero();
    assertThat(none.unattributed()).isZero();
  }

  @Test
  void aReloadedTableStartsAgainTheOtherKeepsItsCounts() {
    RuleHits hits = new RuleHits();
    AccessControl first = rules(ALLOW, DENY);
    hits.prepare(first);
    hits.hit(RuleTable.Role.DENY, 1, 1);
    hits.hit(RuleTable.Role.ALLOW, 3, 1);
    RuleTable newDeny =
        table("/a/hosts.deny", RuleTable.Role.DENY, "ALL: 127.0.0.2\nftpd: ALL\nALL: 10.1.1.1\n");
    hits.prepare(rules(first.allowTable(), newDeny));
    hits.hit(RuleTable.Role.DENY, 3, 2);
    assertThat(hits.matched(10))
        .extracting(RuleHits.Count::ref, RuleHits.Count::hits)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("/a/hosts.allow:3", 1L),
            org.assertj.core.groups.Tuple.tuple("/a/hosts.deny:3", 1L));
    assertThat(hits.rules()).isEqualTo(5);
  }

  @Test
  void concurrentAcceptorsLoseNoCount() throws Exception {
    RuleHits hits = new RuleHits();
    hits.prepare(rules(ALLOW, DENY));
    int threads = 4;
    int each = 50_000;
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread th =
          new Thread(
              () -> {
                for (int i = 0; i < each; i++) {
                  hits.hit(RuleTable.Role.DENY, 1 + (i & 1), i);
                }
              });
      ts.add(th);
      th.start();
    }
    for (Thread t : ts) {
      t.join();
    }
    assertThat(hits.matched(10))
        .extracting(RuleHits.Count::hits)
        .containsExactly((long) threads * each / 2, (long) threads * each / 2);
  }
}
