package dev.tcpwrap.agent.log.syslog;

/**
 * This JVM cannot write a Unix datagram socket: why, and what the operator can do about it, for the
 * one line said at start.
 */
final class Unavailable extends Exception {

  private static final long serialVersionUID = 1L;

  private final String remedy;

  Unavailable(String reason, String remedy, Throwable cause) {
    super(reason, cause);
    this.remedy = remedy;
  }

  /**
   * @return what would make the local socket work, e.g. {@code run on Java 22 or later}
   */
  String remedy() {
    return remedy;
  }
}
