package dev.tcpwrap.agent.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** mode=dry-run: a connection the rules refuse, let through. */
@Name("dev.tcpwrap.ConnectionWouldRefuse")
@Label("Connection Would Be Refused")
@Description("mode=dry-run: a connection the rules refuse, let through to the application")
final class ConnectionWouldRefuse extends ConnectionEvent {}
