package dev.tcpwrap.core.access;

import dev.tcpwrap.core.rules.Rule;

/**
 * Hears what a decision does, for tcpdmatch-style explanations. All methods do nothing by default.
 */
public interface Explain {

  /** Listens to nothing. */
  Explain NONE = new Explain() {};

  /** A rule matched ({@code matched: hosts.allow line 1}). */
  default void matched(Rule rule) {}
}
