package dev.tcpwrap.agent.metrics;

import dev.tcpwrap.core.access.AccessControl;
import dev.tcpwrap.core.rules.RuleTable;
import dev.tcpwrap.core.text.RuleText;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many connections each rule of the rules in force decided, and when it last did: the rules
 * that never match in production show up here.
 *
 * <p>Cost on the accept path: one volatile read, one array load by the rule's line number and a
 * {@link LongAdder} increment; no hashing, no allocation after a rule's first hit, and no rule
 * object made (a blocklist's compact rules have none until asked). Per rule set, each table has an
 * array indexed by line: a shared marker on the lines that hold a rule until the rule's first hit,
 * then its {@link Counter} (swapped in by CAS), so rules that never match cost one array slot.
 *
 * <p>The arrays for a new rule set are made on the loading thread before the set is put in force
 * ({@link #prepare}); a table that did not change keeps its array and so its counts, a reloaded
 * table starts again from zero. A decision made with the rules just replaced and counted after the
 * swap goes to the same file and line of the new rules (a window of microseconds at a reload).
 */
public final class RuleHits {

  private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);

  /** In the slot of a line that holds a rule which has not decided anything yet. */
  private static final Object RULE = new Object();

  /** Counts nothing: for filters without rule files (tests, the fault-injection policy). */
  public static RuleHits none() {
    return new RuleHits(false);
  }

  private final boolean counting;
  private volatile Tables tables; // null until the first rule set is prepared
  private final LongAdder noRule = new LongAdder();
  private volatile long noRuleLastMillis;
  private final LongAdder unattributed = new LongAdder();

  /** Counters for the rule sets handed to {@link #prepare}. */
  public RuleHits() {
    this(true);
  }

  private RuleHits(boolean counting) {
    this.counting = counting;
  }

  /**
   * Makes the counters of a rule set about to be put in force (on the loading thread), keeping
   * those of a table that did not change.
   *
   * @param next the new rule set
   */
  public synchronized void prepare(AccessControl next) {
    Tables t = tables;
    if (!counting || (t != null && t.engine == next)) {
      return;
    }
    tables = new Tables(next, t);
  }

  /**
   * Counts one decision.
   *
   * @param role the deciding rule's table, or {@code null} when no rule decided (nothing matched:
   *     the default grant; or a hosts.deny that could not be read to its end)
   * @param line the deciding rule's line
   * @param nowMillis the time of the decision
   */
  public void hit(RuleTable.Role role, int line, long nowMillis) {
    Tables t = tables;
    if (t == null) {
      if (counting) {
        unattributed.increment(); // decided before the counters were ready
      }
      return;
    }
    if (role == null) {
      noRule.increment();
      if (noRuleLastMillis != nowMillis) {
        noRuleLastMillis = nowMillis;
      }
      return;
    }
    Object[] slots = role == RuleTable.Role.ALLOW ? t.allow : t.deny;
    if (line <= 0 || line >= slots.length) {
      unattributed.increment();
      return;
    }
    Object o = SLOT.getAcquire(slots, line);
    if (o == RULE) {
      Counter c = new Counter();
      Object witness = SLOT.compareAndExchange(slots, line, RULE, c);
      o = witness == RULE ? c : witness;
    }
    if (o instanceof Counter c) {
      c.hits.increment();
      if (c.lastMillis != nowMillis) {
        c.lastMillis =
            nowMillis; // skips the store (and its cache-line traffic) within a millisecond
      }
    } else {
      unattributed.increment();
    }
  }

  /**
   * @return decisions no rule made (nothing matched: the default grant; or a hosts.deny that could
   *     not be read to its end)
   */
  public long noRule() {
    return noRule.sum();
  }

  /**
   * @return when no rule last decided (epoch milliseconds), 0 if never
   */
  public long noRuleLastMillis() {
    return noRuleLastMillis;
  }

  /**
   * @return decisions that could not be given to a rule of the rules in force (made before the
   *     first load was counted, or by a line the rules in force do not have)
   */
  public long unattributed() {
    return unattributed.sum();
  }

  /**
   * @return the rules in force
   */
  public int rules() {
    Tables t = tables;
    return t == null ? 0 : t.allowRules + t.denyRules;
  }

  /**
   * @return the rules that decided at least one connection, most first, at most {@code limit}
   */
  public List<Count> matched(int limit) {
    Tables t = tables;
    List<Count> out = new ArrayList<>();
    if (t != null) {
      t.matched(t.allow, t.engine.allowTable(), out);
      t.matched(t.deny, t.engine.denyTable(), out);
    }
    out.sort(Comparator.comparingLong(Count::hits).reversed());
    return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
  }

  /**
   * @return how many rules in force decided no connection yet
   */
  public int neverMatchedCount() {
    Tables t = tables;
    return t == null ? 0 : t.allowRules + t.denyRules - t.matchedRules();
  }

  /**
   * @return the first {@code limit} rules in force that decided no connection yet, in file order
   *     (hosts.allow first)
   */
  public List<Count> neverMatched(int limit) {
    Tables t = tables;
    List<Count> out = new ArrayList<>();
    if (t != null) {
      t.never(t.allow, t.engine.allowTable(), out, limit);
      t.never(t.deny, t.engine.denyTable(), out, limit);
    }
    return out;
  }

  /**
   * One rule's count.
   *
   * @param file the rule file as named to the engine
   * @param line its line
   * @param text the rule, normalised and printable
   * @param hits the connections it decided since its file was (re)loaded
   * @param lastMillis when it last decided one (epoch milliseconds), 0 if never
   */
  public record Count(String file, int line, String text, long hits, long lastMillis) {

    /**
     * @return {@code FILE:LINE}
     */
    public String ref() {
      return file + ":" + line;
    }
  }

  /** A rule's counter, in the slot of its line once it has decided a connection. */
  private static final class Counter {
    final LongAdder hits = new LongAdder();
    volatile long lastMillis;
  }

  /** The slots of one rule set. */
  private static final class Tables {
    final AccessControl engine;
    final Object[] allow;
    final Object[] deny;
    final int allowRules;
    final int denyRules;

    Tables(AccessControl engine, Tables before) {
      this.engine = engine;
      boolean sameAllow = before != null && before.engine.allowTable() == engine.allowTable();
      boolean sameDeny = before != null && before.engine.denyTable() == engine.denyTable();
      this.allow = sameAllow ? before.allow : slots(engine.allowTable());
      this.deny = sameDeny ? before.deny : slots(engine.denyTable());
      this.allowRules = sameAllow ? before.allowRules : rules(engine.allowTable());
      this.denyRules = sameDeny ? before.denyRules : rules(engine.denyTable());
    }

    // by line, without making a rule object of a compact rule
    private static Object[] slots(RuleTable table) {
      int n = table.size();
      int max = 0;
      for (int i = 0; i < n; i++) {
        max = Math.max(max, table.line(i));
      }
      Object[] slots = new Object[max + 1];
      for (int i = 0; i < n; i++) {
        if (table.line(i) > 0 && isRule(table, i)) {
          slots[table.line(i)] = RULE;
        }
      }
      return slots;
    }

    private static boolean isRule(RuleTable table, int i) {
      return !table.isSkipped(i); // no rule object made for a compact line
    }

    private static int rules(RuleTable table) {
      return table.ruleCount();
    }

    int matchedRules() {
      int n = 0;
      for (Object[] slots : new Object[][] {allow, deny}) {
        for (Object o : slots) {
          if (o instanceof Counter) {
            n++;
          }
        }
      }
      return n;
    }

    void matched(Object[] slots, RuleTable table, List<Count> out) {
      for (int line = 1; line < slots.length; line++) {
        if (SLOT.getAcquire(slots, line) instanceof Counter c) {
          out.add(new Count(table.name(), line, text(table, line), c.hits.sum(), c.lastMillis));
        }
      }
    }

    void never(Object[] slots, RuleTable table, List<Count> out, int limit) {
      for (int i = 0; i < table.size() && out.size() < limit; i++) {
        int line = table.line(i);
        if (line > 0 && line < slots.length && SLOT.getAcquire(slots, line) == RULE) {
          out.add(new Count(table.name(), line, printable(table.ruleText(i)), 0, 0));
        }
      }
    }

    // the rule at a line: entries are in file order, so their lines ascend
    private static String text(RuleTable table, int line) {
      int lo = 0;
      int hi = table.size() - 1;
      while (lo <= hi) {
        int mid = (lo + hi) >>> 1;
        int l = table.line(mid);
        if (l < line) {
          lo = mid + 1;
        } else if (l > line) {
          hi = mid - 1;
        } else {
          return printable(table.ruleText(mid));
        }
      }
      return "?";
    }

    private static String printable(String text) {
      return text == null ? "?" : RuleText.printable(text);
    }
  }
}
