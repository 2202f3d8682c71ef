package dev.tcpwrap.agent.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A spawn or twist command not started (over spawn-max or spawn-rate). */
@Name("dev.tcpwrap.CommandDropped")
@Label("Command Dropped")
@Description("A spawn or twist command that was not started: over spawn-max or spawn-rate")
@Category({"tcpwrap", "Commands"})
@StackTrace(false)
final class CommandDropped extends Event {

  @Label("Daemon")
  String daemon;

  @Label("Client")
  String client;

  @Label("Rule")
  @Description("The rule whose option asked for the command, as hosts.deny:3")
  String rule;

  @Label("Kind")
  @Description("spawn or twist")
  String kind;

  @Label("Command")
  String command;
}
