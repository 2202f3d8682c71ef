package dev.tcpwrap.core.action;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Ends a command's process together with its descendants: {@code /bin/sh -c} may have started
 * children of its own, and they would outlive the shell, keep its output open and run unbounded.
 */
final class ProcessTree {

  /** How long a destroyed child has to exit before it is killed forcibly. */
  private static final Duration KILL_GRACE = Duration.ofSeconds(5);

  private ProcessTree() {}

  /**
   * Asks the child and its descendants to end, and kills whatever is left after a grace period (on
   * {@code timer}; at once when the timer is shut down).
   */
  static void destroy(Process p, ScheduledExecutorService timer) {
    List<ProcessHandle> tree;
    try {
      tree = p.descendants().toList();
    } catch (RuntimeException e) {
      tree = List.of();
    }
    // the shell first, so it cannot go on with its script when a child it waits for ends
    p.destroy();
    tree.forEach(ProcessHandle::destroy);
    List<ProcessHandle> all = tree;
    try {
      timer.schedule(
          () -> {
            all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            if (p.isAlive()) {
              p.destroyForcibly();
            }
          },
          KILL_GRACE.toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      p.destroyForcibly();
    }
  }
}
