package dev.tcpwrap.core.action;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The admission of a {@link CommandRunner}: at most {@link CommandLimits#maxRunning()} commands
 * running or about to start, and at most {@link CommandLimits#maxStartsPerSecond()} starts a
 * second. Kept apart because it is what the accepting thread runs: a compare-and-set and a token
 * bucket, no blocking, no fork. A slot is held from admission until the child exits (or fails to
 * start), so the runner releases it; the start tokens are only ever taken.
 */
final class CommandSlots {

  private final CommandLimits limits;
  private final AtomicInteger running = new AtomicInteger();
  private final Object bucketLock = new Object();
  private double tokens;
  private long refilledAt;

  CommandSlots(CommandLimits limits) {
    this.limits = limits;
    this.tokens = limits.maxStartsPerSecond();
    this.refilledAt = System.nanoTime();
  }

  /** Reserves a slot and a start token; never blocks. */
  boolean tryAcquire() {
    while (true) {
      int r = running.get();
      if (r >= limits.maxRunning()) {
        return false;
      }
      if (running.compareAndSet(r, r + 1)) {
        break;
      }
    }
    if (!takeToken()) {
      running.decrementAndGet();
      return false;
    }
    return true;
  }

  /** Gives back a slot taken by {@link #tryAcquire()}. */
  void release() {
    running.decrementAndGet();
  }

  /** Slots in use: commands running or about to start. */
  int inUse() {
    return running.get();
  }

  /** A token bucket refilled at maxStartsPerSecond, holding at most one second's worth. */
  private boolean takeToken() {
    long now = System.nanoTime();
    synchronized (bucketLock) {
      int rate = limits.maxStartsPerSecond();
      tokens = Math.min(rate, tokens + (now - refilledAt) * (rate / 1e9));
      refilledAt = now;
      if (tokens < 1) {
        return false;
      }
      tokens -= 1;
      return true;
    }
  }
}
