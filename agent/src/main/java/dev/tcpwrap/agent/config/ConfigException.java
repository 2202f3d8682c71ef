package dev.tcpwrap.agent.config;

/**
 * A configuration error that stops the agent's start-up; its message is the one line the user sees.
 */
public final class ConfigException extends Exception {

  private static final long serialVersionUID = 1L;

  /**
   * @param message the complete, one-line explanation
   */
  public ConfigException(String message) {
    super(message);
  }
}
