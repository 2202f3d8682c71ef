package dev.tcpwrap.agent.jmx;

import dev.tcpwrap.agent.metrics.AgentMetrics;
import java.lang.management.ManagementFactory;
import java.util.function.Consumer;
import javax.management.InstanceAlreadyExistsException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Registers {@link AgentMXBean} with the platform MBean server. Never called from premain: creating
 * the platform MBean server loads {@code java.lang.management} and the JDK's platform MXBeans (tens
 * of milliseconds), and an application server that installs its own {@code MBeanServerBuilder} or
 * log manager in {@code main} (WildFly's jboss-modules) breaks if the platform server exists before
 * it did that. It runs on the agent's status thread after a delay ({@code
 * -Ddev.tcpwrap.agent.jmx.delay}, milliseconds, default {@value #DEFAULT_DELAY_MILLIS}). It does
 * not start the JDK's management agent: no connector, no port; JConsole or VisualVM attach locally
 * as usual, or through {@code -Dcom.sun.management.jmxremote.port}.
 */
public final class JmxRegistration {

  /** The MXBean's name. */
  public static final String NAME = "dev.tcpwrap:type=Agent";

  /** The system property with the delay in milliseconds. */
  public static final String DELAY_PROPERTY = "dev.tcpwrap.agent.jmx.delay";

  /** The delay when nothing is set: past the start of most application servers. */
  public static final long DEFAULT_DELAY_MILLIS = 10_000;

  private JmxRegistration() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /**
   * @return the delay before registering, from {@link #DELAY_PROPERTY}
   */
  public static long delayMillis() {
    String v = System.getProperty(DELAY_PROPERTY);
    if (v == null) {
      return DEFAULT_DELAY_MILLIS;
    }
    try {
      return Math.max(0, Long.parseLong(v.strip()));
    } catch (NumberFormatException e) {
      return DEFAULT_DELAY_MILLIS;
    }
  }

  /**
   * @return a task registering the MXBean when run (a class, not a lambda: made in premain, where
   *     each lambda class costs time to spin)
   */
  public static Runnable later(AgentMetrics metrics, Consumer<String> warn) {
    return new Later(metrics, warn);
  }

  private static final class Later implements Runnable {
    private final AgentMetrics metrics;
    private final Consumer<String> warn;

    Later(AgentMetrics metrics, Consumer<String> warn) {
      this.metrics = metrics;
      this.warn = warn;
    }

    @Override
    public void run() {
      register(metrics, warn);
    }
  }

  // a daemon name as an ObjectName value: as it is when it can be, else quoted
  static String nameValue(String daemon) {
    return daemon.matches("[A-Za-z0-9._@-]+") ? daemon : ObjectName.quote(daemon);
  }

  /**
   * Registers the MXBean (and one per daemon name when there are several); a failure is reported
   * once to {@code warn}.
   *
   * @return whether it is registered
   */
  public static boolean register(AgentMetrics metrics, Consumer<String> warn) {
    try {
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      server.registerMBean(new AgentBean(metrics), new ObjectName(NAME));
      for (String d : metrics.daemonsCounted()) {
        server.registerMBean(
            new DaemonBean(metrics.countsOf(d)),
            new ObjectName("dev.tcpwrap:type=Daemon,name=" + nameValue(d)));
      }
      return true;
    } catch (InstanceAlreadyExistsException e) {
      warn.accept("JMX: " + NAME + " is registered already (by whom?); not registered again");
      return false;
    } catch (Exception | LinkageError e) {
      warn.accept("JMX: cannot register " + NAME + ": " + e);
      return false;
    }
  }
}
