package dev.tcpwrap.core.diag;

/**
 * libwrap's {@code tcpd_jump()}: a serious problem found while a matched rule is processed.
 * Evaluation stops and the connection is denied ("it seems better to play safe and deny service").
 */
public final class RuleError extends Exception {

  /** Creates the error with tcpd's message text. */
  public RuleError(String message) {
    super(message, null, false, false);
  }
}
