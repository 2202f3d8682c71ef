package dev.tcpwrap.agent.metrics;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The decisions per daemon name, kept only when connections are checked under more than one name
 * ({@code daemon.PORT}): with one name they are the totals, and the accept path does not pay for a
 * lookup. The map is made once from the configured names and never changes, so a lookup is one
 * probe of an immutable map with a cached string hash.
 */
public final class DaemonCounts {

  private final Map<String, Counts> byName;

  /**
   * @param daemons the configured daemon names
   */
  public DaemonCounts(Collection<String> daemons) {
    if (daemons.size() < 2) {
      byName = Map.of();
    } else {
      Map<String, Counts> m = new LinkedHashMap<>();
      for (String d : daemons) {
        m.put(d, new Counts());
      }
      byName = Map.copyOf(m);
    }
  }

  /**
   * Counts one decision.
   *
   * @param outcome {@code allowed}, {@code refused}, {@code twisted} or {@code would-refuse}
   */
  public void count(String daemon, String outcome) {
    if (byName.isEmpty()) {
      return;
    }
    Counts c = byName.get(daemon);
    if (c == null) {
      return;
    }
    switch (outcome) {
      case "allowed" -> c.allowed.increment();
      case "refused" -> c.refused.increment();
      case "twisted" -> c.twisted.increment();
      default -> c.wouldRefuse.increment();
    }
  }

  /**
   * @return whether counts are kept per name (more than one name configured)
   */
  public boolean kept() {
    return !byName.isEmpty();
  }

  /**
   * @return the counts of one daemon name, or {@code null} when none are kept for it
   */
  public Counts of(String daemon) {
    return byName.get(daemon);
  }

  /** The decisions for one daemon name. */
  public static final class Counts {
    final LongAdder allowed = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder twisted = new LongAdder();
    final LongAdder wouldRefuse = new LongAdder();

    /**
     * @return connections handed to the application
     */
    public long allowed() {
      return allowed.sum();
    }

    /**
     * @return connections refused
     */
    public long refused() {
      return refused.sum();
    }

    /**
     * @return connections handed to a twist command
     */
    public long twisted() {
      return twisted.sum();
    }

    /**
     * @return dry-run refusals
     */
    public long wouldRefuse() {
      return wouldRefuse.sum();
    }
  }
}
