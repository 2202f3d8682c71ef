package dev.tcpwrap.agent.jfr;

import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * A connection handed to the application. Off unless a recording enables it (one per accepted
 * connection is a lot of events).
 */
@Name("dev.tcpwrap.ConnectionAllowed")
@Label("Connection Allowed")
@Description("A connection handed to the application (disabled by default)")
@Enabled(false)
final class ConnectionAllowed extends ConnectionEvent {}
