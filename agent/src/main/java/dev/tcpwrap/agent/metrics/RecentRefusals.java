package dev.tcpwrap.agent.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The last few clients refused (or, in dry-run, that would have been), newest last: what an
 * operator asks first when a client complains. Written only on the refusal path, which closes a
 * socket and logs a line anyway; lock-free, a ring of {@link #SIZE} entries.
 */
public final class RecentRefusals {

  /** How many refusals are kept. */
  public static final int SIZE = 10;

  private final AtomicReferenceArray<Refusal> ring = new AtomicReferenceArray<>(SIZE);
  private final AtomicLong next = new AtomicLong();

  /**
   * One refusal.
   *
   * @param atMillis when (epoch milliseconds)
   * @param daemon the daemon name it was checked as
   * @param client the client address
   * @param rule the deciding rule ({@code hosts.deny:3}, {@code default}, {@code onerror})
   * @param outcome {@code refused}, {@code twisted} or {@code would-refuse}
   */
  public record Refusal(long atMillis, String daemon, String client, String rule, String outcome) {}

  /** Keeps one refusal, pushing out the oldest. */
  public void add(Refusal r) {
    ring.set((int) (next.getAndIncrement() % SIZE), r);
  }

  /**
   * @return the refusals kept, oldest first
   */
  public List<Refusal> list() {
    long n = next.get();
    List<Refusal> out = new ArrayList<>(SIZE);
    for (long i = Math.max(0, n - SIZE); i < n; i++) {
      Refusal r = ring.get((int) (i % SIZE));
      if (r != null) {
        out.add(r);
      }
    }
    return out;
  }
}
