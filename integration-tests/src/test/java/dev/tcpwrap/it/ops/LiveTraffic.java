package dev.tcpwrap.it.ops;

import dev.tcpwrap.it.agent.harness.Probe;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client thread making allowed connections from 127.0.0.1 one after another, recording every one
 * that was not served. Bounded: it stops when closed or after a minute, whichever comes first.
 */
final class LiveTraffic implements AutoCloseable {

  private final int port;
  private final Thread thread;
  private final AtomicInteger served = new AtomicInteger();
  private final List<String> failures = new CopyOnWriteArrayList<>();
  private volatile boolean stop;

  private LiveTraffic(int port) {
    this.port = port;
    this.thread = new Thread(this::loop, "live-traffic");
    thread.setDaemon(true);
  }

  /** Starts the client thread against 127.0.0.1:port. */
  static LiveTraffic start(int port) {
    LiveTraffic t = new LiveTraffic(port);
    t.thread.start();
    return t;
  }

  private void loop() {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!stop && System.nanoTime() < deadline) {
      try {
        Probe.Result r = Probe.plain("127.0.0.1", port);
        if (r.received().equals("HELLO 127.0.0.1\n")) {
          served.incrementAndGet();
        } else {
          failures.add(r.toString());
        }
      } catch (Exception e) {
        failures.add(e.toString());
      }
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /**
   * @return allowed connections served so far
   */
  int served() {
    return served.get();
  }

  /** Waits until at least {@code n} more connections have been served (at most 10 s). */
  void awaitMore(int n) throws InterruptedException {
    int target = served() + n;
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (served() < target && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }

  /**
   * @return the allowed connections that were not served
   */
  List<String> failures() {
    return List.copyOf(failures);
  }

  @Override
  public void close() throws InterruptedException {
    stop = true;
    thread.join(10_000);
  }
}
