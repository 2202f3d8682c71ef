package dev.tcpwrap.agent.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** An access check that failed internally and was decided by onerror. */
@Name("dev.tcpwrap.CheckFailed")
@Label("Access Check Failed")
@Description("An access check that failed internally; onerror decided the connection")
final class CheckFailed extends ConnectionEvent {

  @Label("Failure")
  @Description("What went wrong")
  String failure;
}
