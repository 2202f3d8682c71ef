package dev.tcpwrap.agent.jfr;

import java.util.function.IntSupplier;

/**
 * Makes and commits the events; the only class besides the events that names them, loaded on first
 * use through {@link Flight}.
 */
final class Events {

  private Events() {}

  // each test allocates nothing once compiled (the event does not escape)
  static boolean anyConnectionEvent() {
    return new ConnectionRefused().isEnabled()
        || new ConnectionWouldRefuse().isEnabled()
        || new CheckFailed().isEnabled()
        || new ConnectionAllowed().isEnabled();
  }

  static void decided(
      String daemon,
      String client,
      String ruleFile,
      int ruleLine,
      String rule,
      String outcome,
      long nanos) {
    ConnectionEvent e;
    switch (outcome) {
      case "allowed":
        e = new ConnectionAllowed();
        break;
      case "would-refuse":
        e = new ConnectionWouldRefuse();
        break;
      default:
        e = new ConnectionRefused();
        break;
    }
    if (!e.shouldCommit()) {
      return;
    }
    e.daemon = daemon;
    e.client = client;
    e.ruleFile = ruleFile == null ? "" : ruleFile;
    e.ruleLine = ruleLine;
    e.rule = rule;
    e.outcome = outcome;
    e.checkDuration = nanos;
    e.commit();
  }

  static void checkFailed(
      String daemon, String client, String failure, boolean denied, long nanos) {
    CheckFailed e = new CheckFailed();
    if (!e.shouldCommit()) {
      return;
    }
    e.daemon = daemon;
    e.client = client;
    e.ruleFile = "";
    e.rule = "onerror";
    e.outcome = denied ? "onerror=deny" : "onerror=allow";
    e.failure = failure;
    e.checkDuration = nanos;
    e.commit();
  }

  static void reloaded(String ruleFile, IntSupplier rules, IntSupplier problems, String outcome) {
    RulesReloaded e = new RulesReloaded();
    if (!e.shouldCommit()) {
      return; // no recording wants it: nothing counted (a million-rule file takes a while)
    }
    e.ruleFile = ruleFile;
    e.rules = rules.getAsInt();
    e.problems = problems.getAsInt();
    e.outcome = outcome;
    e.commit();
  }

  static void commandDropped(
      String daemon, String client, String rule, String kind, String command) {
    CommandDropped e = new CommandDropped();
    if (!e.shouldCommit()) {
      return;
    }
    e.daemon = daemon;
    e.client = client;
    e.rule = rule;
    e.kind = kind;
    e.command = command;
    e.commit();
  }
}
