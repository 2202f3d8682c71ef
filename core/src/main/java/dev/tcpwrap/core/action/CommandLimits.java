package dev.tcpwrap.core.action;

import java.time.Duration;

/**
 * The bounds on the shell commands that {@code spawn} and {@code twist} start. tcpd forks one
 * command per connection, so a flood of connections that match a {@code spawn} rule forks without
 * limit (the seed's "this can cause a DoS attack" warning); inside a JVM every connection of the
 * process would pay for it. These bounds make the cost of a flood constant: what is over them is
 * dropped, counted and reported.
 *
 * @param maxRunning commands running at once (spawned and twisted together); default 8
 * @param maxStartsPerSecond commands started per second, a token bucket that holds at most one
 *     second's worth; default 10
 * @param reportInterval drops are reported at most once per interval; default 10 s
 * @param maxRuntime a command still running after this is destroyed, so a hung command cannot hold
 *     a slot forever; default 10 min
 */
public record CommandLimits(
    int maxRunning, int maxStartsPerSecond, Duration reportInterval, Duration maxRuntime) {

  /** 8 running, 10 starts/s, report every 10 s, destroy after 10 min. */
  public static final CommandLimits DEFAULTS =
      new CommandLimits(8, 10, Duration.ofSeconds(10), Duration.ofMinutes(10));

  /** Checks the values: counts at least 1, durations positive. */
  public CommandLimits {
    if (maxRunning < 1) {
      throw new IllegalArgumentException("maxRunning must be at least 1: " + maxRunning);
    }
    if (maxStartsPerSecond < 1) {
      throw new IllegalArgumentException(
          "maxStartsPerSecond must be at least 1: " + maxStartsPerSecond);
    }
    if (reportInterval == null || reportInterval.isNegative() || reportInterval.isZero()) {
      throw new IllegalArgumentException("reportInterval must be positive: " + reportInterval);
    }
    if (maxRuntime == null || maxRuntime.isNegative() || maxRuntime.isZero()) {
      throw new IllegalArgumentException("maxRuntime must be positive: " + maxRuntime);
    }
  }

  /** These limits with another concurrency cap. */
  public CommandLimits withMaxRunning(int n) {
    return new CommandLimits(n, maxStartsPerSecond, reportInterval, maxRuntime);
  }

  /** These limits with another start rate. */
  public CommandLimits withMaxStartsPerSecond(int n) {
    return new CommandLimits(maxRunning, n, reportInterval, maxRuntime);
  }

  /** These limits with another report interval. */
  public CommandLimits withReportInterval(Duration d) {
    return new CommandLimits(maxRunning, maxStartsPerSecond, d, maxRuntime);
  }

  /** These limits with another maximum runtime. */
  public CommandLimits withMaxRuntime(Duration d) {
    return new CommandLimits(maxRunning, maxStartsPerSecond, reportInterval, d);
  }

  /** {@code 8 running, 10 starts/s}, as report lines show the limits. */
  public String describe() {
    return maxRunning + " running, " + maxStartsPerSecond + " starts/s";
  }
}
