package dev.tcpwrap.agent.jmx;

import dev.tcpwrap.agent.metrics.DaemonCounts;

/** {@link DaemonMXBean} over one name's counters. */
final class DaemonBean implements DaemonMXBean {

  private final DaemonCounts.Counts counts;

  DaemonBean(DaemonCounts.Counts counts) {
    this.counts = counts;
  }

  @Override
  public long getAllowed() {
    return counts.allowed();
  }

  @Override
  public long getRefused() {
    return counts.refused();
  }

  @Override
  public long getTwisted() {
    return counts.twisted();
  }

  @Override
  public long getWouldRefuse() {
    return counts.wouldRefuse();
  }
}
