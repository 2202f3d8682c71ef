package dev.tcpwrap.core.action;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds or a (generous) deadline passes. */
final class Await {

  private Await() {}

  /** Whether {@code condition} became true within {@code limit}. */
  static boolean until(Duration limit, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(10);
    }
    return condition.getAsBoolean();
  }
}
