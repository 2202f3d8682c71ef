package dev.tcpwrap.agent.log.syslog;

/**
 * When a failed destination is tried again: at once after the first failure, then after 250 ms,
 * doubling up to {@link #MAX_MILLIS}, so a collector that restarts gets its lines within seconds
 * and a dead one costs one attempt every few seconds.
 */
final class Retry {

  static final long MAX_MILLIS = 4_000;

  private long delay;
  private long notBefore;

  /**
   * @return whether an attempt may be made now
   */
  boolean due(long nowMillis) {
    return nowMillis >= notBefore;
  }

  void failed(long nowMillis) {
    delay = delay == 0 ? 250 : Math.min(MAX_MILLIS, delay * 2);
    notBefore = nowMillis + delay;
  }

  void succeeded() {
    delay = 0;
    notBefore = 0;
  }
}
