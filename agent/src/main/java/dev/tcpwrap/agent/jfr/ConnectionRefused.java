package dev.tcpwrap.agent.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** A connection refused (closed before the application saw it) or handed to a twist command. */
@Name("dev.tcpwrap.ConnectionRefused")
@Label("Connection Refused")
@Description(
    "A connection tcpwrap closed, or handed to a twist command, before the application saw it")
final class ConnectionRefused extends ConnectionEvent {}
