package dev.tcpwrap.agent.engine;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/** The current policy, swapped atomically when the rule files are reloaded; readers never lock. */
public final class PolicyHolder {

  /** The live policy. */
  private final AtomicReference<ConnectionPolicy> current;

  /**
   * @param initial the first policy
   */
  public PolicyHolder(ConnectionPolicy initial) {
    this.current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
  }

  /**
   * @return the live policy
   */
  public ConnectionPolicy get() {
    return current.get();
  }

  /**
   * Replaces the live policy.
   *
   * @param next the new policy
   * @return the previous one
   */
  public ConnectionPolicy swap(ConnectionPolicy next) {
    return current.getAndSet(Objects.requireNonNull(next, "next"));
  }
}
