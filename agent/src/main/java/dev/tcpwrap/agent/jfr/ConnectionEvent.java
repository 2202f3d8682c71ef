package dev.tcpwrap.agent.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * The fields every connection event has: what was checked, which rule decided and how long the
 * check took. Abstract, so never registered itself; the subclasses are the events.
 */
@Category({"tcpwrap", "Connections"})
@StackTrace(false) // the acceptor's stack says nothing the fields do not, and costs a walk
abstract class ConnectionEvent extends Event {

  @Label("Daemon")
  @Description("The daemon name the connection was checked as")
  String daemon;

  @Label("Client")
  @Description("The client address")
  String client;

  @Label("Rule File")
  @Description("The file of the deciding rule; empty when no rule decided")
  String ruleFile;

  @Label("Rule Line")
  @Description("The line of the deciding rule; 0 when no rule decided")
  int ruleLine;

  @Label("Rule")
  @Description("The deciding rule as hosts.deny:3, or default")
  String rule;

  @Label("Outcome")
  @Description("allowed, refused, twisted, would-refuse, or onerror=deny / onerror=allow")
  String outcome;

  @Label("Check Duration")
  @Description("From the accepted connection to the verdict carried out")
  @Timespan(Timespan.NANOSECONDS)
  long checkDuration;
}
