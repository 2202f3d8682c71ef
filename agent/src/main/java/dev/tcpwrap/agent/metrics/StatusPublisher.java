package dev.tcpwrap.agent.metrics;

/**
 * Keeps a current {@link StatusText} in the system property {@link #PROPERTY}, where {@code java
 * -jar tcpwrap.jar status PID} reads it through the attach API, the way {@code jcmd PID
 * VM.system_properties} does. Why not JMX: reading an MBean from outside needs the JDK's local
 * management agent in the target, and starting it opens an RMI listener on the loopback interface
 * for the rest of the JVM's life, a listener the agent itself guards (a host with {@code ALL: ALL}
 * in hosts.deny would refuse the status command); the attach channel is a Unix-domain socket open
 * only to the JVM's own user, and asking through it loads nothing into the target.
 *
 * <p>One daemon thread, {@code tcpwrap-status}, renews the text once a second when a counter or the
 * rules changed (less often if rendering it took more than 10 ms: at most 1 % of a core) (and every
 * {@link #REFRESH_MILLIS_IDLE} ms anyway, for the times it shows); the text says when it was taken.
 * It also ticks the {@link CoarseClock} of the rule hits. The same thread runs {@code later} once,
 * after {@code delayMillis}: the JMX registration, kept out of premain and the application's first
 * seconds.
 */
public final class StatusPublisher implements Runnable {

  /** The system property of the target JVM with the current status text. */
  public static final String PROPERTY = "dev.tcpwrap.agent.snapshot";

  /** How often the counters are looked at. */
  static final long PERIOD_MILLIS = 1000;

  /** How often the text is renewed when nothing changed. */
  static final long REFRESH_MILLIS_IDLE = 30_000;

  private final AgentMetrics metrics;
  private final Runnable later;
  private final long delayMillis;

  private StatusPublisher(AgentMetrics metrics, Runnable later, long delayMillis) {
    this.metrics = metrics;
    this.later = later;
    this.delayMillis = delayMillis;
  }

  /**
   * Starts the thread; it publishes the first text after a second (the command says so before).
   *
   * @param later run once on that thread after {@code delayMillis} (failures are its own to report)
   */
  public static void start(AgentMetrics metrics, Runnable later, long delayMillis) {
    StatusPublisher p = new StatusPublisher(metrics, later, delayMillis);
    Thread t = new Thread(p, "tcpwrap-status");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void run() {
    long started = System.currentTimeMillis();
    boolean laterDone = later == null;
    long lastVersion = Long.MIN_VALUE;
    long lastPublished = 0;
    long nextAllowed = 0;
    try {
      // nothing in the JVM's first second, while the application starts on the same cores
      Thread.sleep(Math.min(PERIOD_MILLIS, Math.max(1, delayMillis)));
    } catch (InterruptedException e) {
      return;
    }
    while (true) {
      try {
        CoarseClock.tick();
        long now = System.currentTimeMillis();
        long v = version();
        if ((v != lastVersion && now >= nextAllowed)
            || now - lastPublished >= REFRESH_MILLIS_IDLE) {
          long t0 = System.nanoTime();
          publish();
          // at most 1 % of a core: a snapshot of a million-rule file walks every rule's slot
          nextAllowed = now + (System.nanoTime() - t0) / 10_000;
          lastVersion = v;
          lastPublished = now;
        }
        if (!laterDone && now - started >= delayMillis) {
          laterDone = true;
          later.run();
        }
        long sleep = PERIOD_MILLIS;
        if (!laterDone) {
          sleep = Math.max(1, Math.min(sleep, started + delayMillis - now));
        }
        Thread.sleep(sleep);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException | LinkageError e) {
        // never let the thread die of one bad snapshot; the next second tries again
        try {
          Thread.sleep(PERIOD_MILLIS);
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  /** Renders and publishes the current snapshot. */
  void publish() {
    System.setProperty(PROPERTY, StatusText.of(metrics.snapshot()));
  }

  // changes whenever something the text shows (other than times) may have changed
  private long version() {
    long v = 17;
    for (long x : metrics.counters().values()) {
      v = v * 31 + x;
    }
    return v * 31 + metrics.openProblemsHint();
  }
}
