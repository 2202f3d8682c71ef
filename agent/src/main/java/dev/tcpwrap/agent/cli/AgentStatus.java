package dev.tcpwrap.agent.cli;

import java.util.Properties;

/**
 * How an agent start reports back to {@code attach}: {@code agentmain} cannot return anything and
 * the agent's entry point swallows every failure (an exception would only reach the target's
 * stderr), so each start leaves its outcome in one system property of the target JVM, which {@code
 * attach} reads through the attach API before and after loading the agent.
 *
 * <p>Format: {@code OUTCOME SEQUENCE DETAIL}. The property name deliberately does not start with
 * {@code tcpwrap.}, which is the configuration's namespace.
 *
 * @param outcome what happened
 * @param sequence distinguishes two starts with the same outcome ({@code System.nanoTime()})
 * @param detail one line for the user
 */
public record AgentStatus(Outcome outcome, long sequence, String detail) {

  /** The system property of the target JVM. */
  public static final String PROPERTY = "dev.tcpwrap.agent.status";

  /** The outcome of one agent start. */
  public enum Outcome {
    /** Protection installed by this start. */
    ACTIVE,
    /** An earlier start is in force; this one changed nothing. */
    ALREADY_ACTIVE,
    /** The configuration was rejected; nothing installed. */
    CONFIG_ERROR,
    /** Installing failed; the application runs unprotected. */
    FAILED;

    /**
     * @return the word in the property, e.g. {@code already-active}
     */
    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  /** Records the outcome of this start in the system properties. */
  public static void record(Outcome outcome, String detail) {
    try {
      System.setProperty(
          PROPERTY,
          outcome.word()
              + " "
              + System.nanoTime()
              + " "
              + detail.replace('\n', ' ').replace('\r', ' '));
    } catch (RuntimeException ignored) {
      // a security manager may forbid it; attach then says the agent did not report back
    }
  }

  /**
   * @return the status in a JVM's system properties, or {@code null} if absent or unreadable
   */
  public static AgentStatus in(Properties properties) {
    String v = properties == null ? null : properties.getProperty(PROPERTY);
    if (v == null) {
      return null;
    }
    String[] parts = v.split(" ", 3);
    if (parts.length < 2) {
      return null;
    }
    for (Outcome o : Outcome.values()) {
      if (o.word().equals(parts[0])) {
        try {
          return new AgentStatus(o, Long.parseLong(parts[1]), parts.length > 2 ? parts[2] : "");
        } catch (NumberFormatException e) {
          return null;
        }
      }
    }
    return null;
  }
}
