package dev.tcpwrap.agent.gate;

import java.util.concurrent.atomic.LongAdder;

/** Counters of the gate's decisions (to be exposed over JMX later). */
public final class GateStats {

  /** Connections let through. */
  final LongAdder allowed = new LongAdder();
  /** Connections refused (closed). */
  final LongAdder refused = new LongAdder();
  /** Connections that would have been refused in dry-run mode. */
  final LongAdder wouldRefuse = new LongAdder();
  /** Checks that failed internally and were decided by {@code onerror}. */
  final LongAdder errors = new LongAdder();

  /** @return connections let through */
  public long allowed() {
    return allowed.sum();
  }

  /** @return connections refused */
  public long refused() {
    return refused.sum();
  }

  /** @return dry-run refusals */
  public long wouldRefuse() {
    return wouldRefuse.sum();
  }

  /** @return failed checks */
  public long errors() {
    return errors.sum();
  }

  @Override
  public String toString() {
    return "allowed=" + allowed() + ", refused=" + refused() + ", would-refuse=" + wouldRefuse()
        + ", errors=" + errors();
  }
}
