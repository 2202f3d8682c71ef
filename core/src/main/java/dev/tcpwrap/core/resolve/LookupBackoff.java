package dev.tcpwrap.core.resolve;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Stops waiting for a name service that does not answer. libwrap asks a dead DNS server for every
 * connection and waits out every time-out; on a JVM's single acceptor thread that makes every
 * client, also one decided by its address alone, wait behind each new address. After {@code
 * threshold} time-outs in a row, no lookup is started and nobody waits for {@code period}: names
 * are {@code unknown}, which is what libwrap gets from a dead DNS too, only slowly. Then lookups
 * are tried again. The start of the first back-off and the first answer after it are logged, once
 * each.
 */
final class LookupBackoff {

  /** Default time-outs in a row that start a back-off. */
  static final int DEFAULT_THRESHOLD = 3;

  /** Default length of a back-off. */
  static final Duration DEFAULT_PERIOD = Duration.ofSeconds(30);

  private final int threshold;
  private final long periodNanos;
  private final LongSupplier clock;
  private final Consumer<String> log;
  private int timeoutsInARow;
  private long until;
  private boolean backingOff; // from the threshold's time-out until a lookup answers (logged so)

  LookupBackoff(int threshold, Duration period, LongSupplier clock, Consumer<String> log) {
    this.threshold = threshold;
    this.periodNanos = period.toNanos();
    this.clock = clock;
    this.log = log;
  }

  /** Whether lookups are skipped now. */
  synchronized boolean active() {
    return backingOff && clock.getAsLong() - until < 0;
  }

  /** A caller waited its whole time-out. */
  synchronized void timedOut(long timeoutNanos) {
    if (++timeoutsInARow < threshold || active()) {
      return;
    }
    until = clock.getAsLong() + periodNanos;
    timeoutsInARow = 0;
    if (!backingOff) {
      backingOff = true;
      log.accept(
          "warning: the name service did not answer "
              + threshold
              + " lookups in a row ("
              + TimeUnit.NANOSECONDS.toMillis(timeoutNanos)
              + " ms each): host names are 'unknown' without waiting for "
              + TimeUnit.NANOSECONDS.toSeconds(periodNanos)
              + " s at a time, until it answers again");
    }
  }

  /** A lookup answered within its time-out. */
  synchronized void answered() {
    timeoutsInARow = 0;
    if (backingOff) {
      backingOff = false;
      log.accept("the name service answers again: host names are looked up");
    }
  }
}
