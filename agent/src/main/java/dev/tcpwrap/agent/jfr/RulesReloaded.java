package dev.tcpwrap.agent.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A rule file reloaded and put in force. */
@Name("dev.tcpwrap.RulesReloaded")
@Label("Rules Reloaded")
@Description("A rule file was read again and its rules put in force")
@Category({"tcpwrap", "Rules"})
@StackTrace(false)
final class RulesReloaded extends Event {

  @Label("Rule File")
  String ruleFile;

  @Label("Rules")
  @Description("Rules in the file now")
  int rules;

  @Label("Problems")
  @Description("Errors and warnings found in the file (as check reports them)")
  int problems;

  @Label("Outcome")
  @Description("loaded, missing (treated as empty), or failed (cannot be read to its end)")
  String outcome;
}
