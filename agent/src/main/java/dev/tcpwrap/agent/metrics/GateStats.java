package dev.tcpwrap.agent.metrics;

import dev.tcpwrap.core.action.CommandRunner;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Counters of the gate's decisions and of the options carried out, with the per-rule counts and the
 * last refusals: the gate counts, {@link AgentMetrics} reads them for JMX and {@code status}. All
 * are striped ({@link LongAdder}) or lock-free, so acceptor threads never wait on one another here.
 */
public final class GateStats {

  /** TCP connections checked (each is then allowed, refused, twisted, would-refuse or failed). */
  private final LongAdder checked = new LongAdder();

  /** Connections let through. */
  private final LongAdder allowed = new LongAdder();

  /** Connections refused (closed). */
  private final LongAdder refused = new LongAdder();

  /** Connections that would have been refused in dry-run mode. */
  private final LongAdder wouldRefuse = new LongAdder();

  /** Checks that failed internally and were decided by {@code onerror}. */
  private final LongAdder errors = new LongAdder();

  /** Connections handed to a {@code twist} command. */
  private final LongAdder twisted = new LongAdder();

  /** Connections closed because their banner was not taken in time. */
  private final LongAdder bannerTimeouts = new LongAdder();

  /** Options that could not be carried out (socket options, banner writes, internal failures). */
  private final LongAdder actionErrors = new LongAdder();

  /** Which rule decided how many connections. */
  private final RuleHits ruleHits;

  /** The last refused clients. */
  private final RecentRefusals recent = new RecentRefusals();

  /** The decisions per daemon name, when there are several. */
  private final DaemonCounts daemons;

  private final Supplier<CommandRunner> runner;

  /**
   * @param runner the runner whose counters are shown with these (it gives {@code null} while there
   *     is none)
   * @param ruleHits the per-rule counters
   * @param daemons the per-daemon counters
   */
  public GateStats(Supplier<CommandRunner> runner, RuleHits ruleHits, DaemonCounts daemons) {
    this.runner = runner;
    this.ruleHits = ruleHits;
    this.daemons = daemons;
  }

  /**
   * @return the decisions per daemon name
   */
  public DaemonCounts daemons() {
    return daemons;
  }

  /**
   * @return TCP connections checked
   */
  public long checked() {
    return checked.sum();
  }

  /**
   * @return the per-rule counters
   */
  public RuleHits ruleHits() {
    return ruleHits;
  }

  /**
   * @return the last refused clients
   */
  public RecentRefusals recent() {
    return recent;
  }

  /**
   * @return the command runner's counters, or {@code null} while no command ran
   */
  public CommandRunner.Stats commands() {
    CommandRunner r = runner.get();
    return r == null ? null : r.stats();
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

  /** One more connection checked. */
  public void countChecked() {
    checked.increment();
  }

  /** One more connection let through. */
  public void countAllowed() {
    allowed.increment();
  }

  /** One more connection refused. */
  public void countRefused() {
    refused.increment();
  }

  /** One more dry-run refusal. */
  public void countWouldRefuse() {
    wouldRefuse.increment();
  }

  /** One more failed check. */
  public void countError() {
    errors.increment();
  }

  /** One more connection handed to a {@code twist} command. */
  public void countTwisted() {
    twisted.increment();
  }

  /** One more connection closed because its banner was not taken in time. */
  public void countBannerTimeout() {
    bannerTimeouts.increment();
  }

  /** One more option that could not be carried out. */
  public void countActionError() {
    actionErrors.increment();
  }

  @Override
  public String toString() {
    String s =
        "checked="
            + checked()
            + ", allowed="
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
