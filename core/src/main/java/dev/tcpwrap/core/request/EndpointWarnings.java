package dev.tcpwrap.core.request;

/** Gives the matcher the warning of a fresh name lookup; not part of the public API. */
public final class EndpointWarnings {

  private EndpointWarnings() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /** The verification warning of the endpoint's last lookup, once. */
  public static String take(Endpoint endpoint) {
    return endpoint.takeNameWarning();
  }
}
