package dev.tcpwrap.core.diag;

/** Where diagnostics go: the CLI prints them, the agent logs them, tests collect them. */
@FunctionalInterface
public interface Diagnostics {

  /** Discards everything. */
  Diagnostics NONE = d -> {};

  /** Receives one diagnostic; must not throw. */
  void report(Diagnostic diagnostic);
}
