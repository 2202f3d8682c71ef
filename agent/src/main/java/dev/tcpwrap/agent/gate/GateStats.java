package dev.tcpwrap.agent.gate;

import dev.tcpwrap.core.action.CommandRunner;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Counters of the gate's decisions and of the options carried out (to be exposed over JMX later).
 */
public final class GateStats {

  /** Connections let through. */
  final LongAdder allowed = new LongAdder();

  /** Connections refused (closed). */
  final LongAdder refused = new LongAdder();

  /** Connections that would have been refused in dry-run mode. */
  final LongAdder wouldRefuse = new LongAdder();

  /** Checks that failed internally and were decided by {@code onerror}. */
  final LongAdder errors = new LongAdder();

  /** Connections handed to a {@code twist} command. */
  final LongAdder twisted = new LongAdder();

  /** Connections closed because their banner was not taken in time. */
  final LongAdder bannerTimeouts = new LongAdder();

  /** Options that could not be carried out (socket options, banner writes, internal failures). */
  final LongAdder actionErrors = new LongAdder();

  private final Supplier<CommandRunner> runner;

  /** Counters without a command runner. */
  public GateStats() {
    this(() -> null);
  }

  /**
   * @param runner the runner whose counters are shown with these (it gives {@code null} while there
   *     is none)
   */
  public GateStats(Supplier<CommandRunner> runner) {
    this.runner = runner;
  }

  /**
   * @return connections let through
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
   * @return dry-run refusals
   */
  public long wouldRefuse() {
    return wouldRefuse.sum();
  }

  /**
   * @return failed checks
   */
  public long errors() {
    return errors.sum();
  }

  /**
   * @return connections handed to a {@code twist} command
   */
  public long twisted() {
    return twisted.sum();
  }

  /**
   * @return connections closed because their banner was not taken in time
   */
  public long bannerTimeouts() {
    return bannerTimeouts.sum();
  }

  /**
   * @return options that could not be carried out
   */
  public long actionErrors() {
    return actionErrors.sum();
  }

  @Override
  public String toString() {
    String s =
        "allowed="
            + allowed()
            + ", refused="
            + refused()
            + ", would-refuse="
            + wouldRefuse()
            + ", errors="
            + errors()
            + ", twisted="
            + twisted()
            + ", banner-timeouts="
            + bannerTimeouts()
            + ", option-errors="
            + actionErrors();
    CommandRunner r = runner.get();
    if (r != null) {
      CommandRunner.Stats c = r.stats();
      s +=
          ", commands started="
              + c.started()
              + ", dropped="
              + c.dropped()
              + ", failed="
              + c.failed()
              + ", destroyed="
              + c.timedOut();
    }
    return s;
  }
}
