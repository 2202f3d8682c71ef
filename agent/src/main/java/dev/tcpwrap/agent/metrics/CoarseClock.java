package dev.tcpwrap.agent.metrics;

/**
 * The time of a rule's last hit, to the second, without reading the clock on the accept path:
 * {@code System.currentTimeMillis()} costs about 20 ns, as much as the decision itself
 * (docs/benchmarks.md), while one volatile read is free. The agent's status thread ({@link
 * StatusPublisher}) sets it once a second; until it runs, it is the time this class was loaded.
 */
public final class CoarseClock {

  private static volatile long millis = System.currentTimeMillis();

  private CoarseClock() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /**
   * @return the time of the last tick (epoch milliseconds), at most about a second old
   */
  public static long millis() {
    return millis;
  }

  /** Reads the clock; called once a second. */
  static void tick() {
    millis = System.currentTimeMillis();
  }
}
