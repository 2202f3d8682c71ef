package dev.tcpwrap.agent.metrics;

import dev.tcpwrap.agent.engine.RuleLint;
import dev.tcpwrap.agent.jfr.Flight;
import dev.tcpwrap.core.access.AccessControl;
import dev.tcpwrap.core.diag.Diagnostic;
import dev.tcpwrap.core.reload.RuleFiles;
import dev.tcpwrap.core.rules.RuleTable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Which rule tables are in force and since when. Listens to {@link RuleFiles#beforeSwap}, so it
 * learns of every rule set on the loading thread before any connection is decided with it, and
 * hands it to the per-rule counters ({@link RuleHits#prepare}) there. Each reload after the first
 * load is counted and recorded as a flight recorder event.
 */
public final class RuleLoads implements Consumer<AccessControl> {

  private final RuleHits hits;
  private final AtomicLong reloads = new AtomicLong();
  private volatile Loaded allow;
  private volatile Loaded deny;

  /**
   * Starts following {@code files}; call before their first load starts (or with files loaded in
   * the constructor, whose rules are taken from {@link RuleFiles#inForce()}).
   */
  public static RuleLoads follow(RuleFiles files, RuleHits hits) {
    RuleLoads l = new RuleLoads(hits);
    files.beforeSwap(l); // a class, not a lambda: no lambda class to spin in premain
    AccessControl now = files.inForce();
    if (now != null) {
      l.accept(now);
    }
    return l;
  }

  private RuleLoads(RuleHits hits) {
    this.hits = hits;
  }

  /** On the loading thread, before the new rules are in force. */
  @Override
  public synchronized void accept(AccessControl next) {
    hits.prepare(next);
    long now = System.currentTimeMillis();
    Loaded a = allow;
    Loaded d = deny;
    boolean first = a == null;
    if (a == null || a.table != next.allowTable()) {
      allow = changed(new Loaded(next.allowTable(), now), first);
    }
    if (d == null || d.table != next.denyTable()) {
      deny = changed(new Loaded(next.denyTable(), now), first);
    }
  }

  private Loaded changed(Loaded l, boolean first) {
    if (!first) {
      reloads.incrementAndGet();
      // counted only if a recording wants the event: the linter on a blocklist takes a second,
      // and this runs before the new rules are in force
      Flight.reloaded(l.table.name(), l::rules, () -> l.problems().size(), l.outcome());
    }
    return l;
  }

  /**
   * @return the tables in force (none before the first load)
   */
  List<Loaded> inForce() {
    List<Loaded> out = new ArrayList<>(2);
    Loaded a = allow;
    Loaded d = deny;
    if (a != null) {
      out.add(a);
    }
    if (d != null) {
      out.add(d);
    }
    return out;
  }

  /**
   * @return tables reloaded after the first load
   */
  public long reloads() {
    return reloads.get();
  }

  /** A table as put in force, and when; its problems worked out once, when first asked. */
  static final class Loaded {
    final RuleTable table;
    final long atMillis;
    private volatile List<String> problems;

    Loaded(RuleTable table, long atMillis) {
      this.table = table;
      this.atMillis = atMillis;
    }

    int rules() {
      return table.ruleCount();
    }

    String outcome() {
      return table.missing() ? "missing" : table.failed() ? "failed" : "loaded";
    }

    String describe() {
      return table.name() + " " + outcome() + ", " + rules() + " rules";
    }

    List<String> problems() {
      List<String> p = problems;
      if (p == null) {
        p = new ArrayList<>();
        for (int i = 0; i < table.size(); i++) {
          if (table.isSkipped(i) && table.entries().get(i) instanceof RuleTable.SkippedEntry s) {
            p.add(s.warning().toString());
          }
        }
        if (table.failure() != null) {
          p.add(table.failure().toString());
        }
        for (Diagnostic d : RuleLint.lint(table)) {
          p.add(d.toString());
        }
        p = List.copyOf(p);
        problems = p;
      }
      return p;
    }
  }
}
