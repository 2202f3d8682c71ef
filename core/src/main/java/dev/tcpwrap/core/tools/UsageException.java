package dev.tcpwrap.core.tools;

/** A command line the tools cannot use; reported as one line, exit status 2. */
public final class UsageException extends Exception {

  /** Creates the exception with the one-line message the user sees. */
  public UsageException(String message) {
    super(message, null, false, false);
  }
}
