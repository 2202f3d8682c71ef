package dev.tcpwrap.agent.jmx;

/**
 * The decisions for one daemon name, under {@code dev.tcpwrap:type=Daemon,name=NAME}: registered
 * when connections are checked under more than one name ({@code daemon.PORT}).
 */
public interface DaemonMXBean {

  /**
   * @return connections handed to the application
   */
  long getAllowed();

  /**
   * @return connections refused
   */
  long getRefused();

  /**
   * @return connections handed to a {@code twist} command
   */
  long getTwisted();

  /**
   * @return connections the rules refuse, let through in dry-run
   */
  long getWouldRefuse();
}
