package dev.tcpwrap.core.match;

import dev.tcpwrap.core.diag.Diagnostic;
import dev.tcpwrap.core.diag.Diagnostics;
import dev.tcpwrap.core.request.Endpoint;
import dev.tcpwrap.core.request.EndpointWarnings;
import dev.tcpwrap.core.request.Request;

/**
 * The state of one decision: the request, where in which file the scan is ({@code tcpd_context}),
 * and where warnings go. Name lookups go through here so that their warnings carry the rule's file
 * and line.
 */
public final class Evaluation {

  private final Request request;
  private final MatchEnvironment environment;
  private final Diagnostics diagnostics;
  private String file;
  private int line;
  private PatternFileVisits patternFiles; // made on the first /file pattern met

  /** Starts the evaluation of {@code request}. */
  public Evaluation(Request request, MatchEnvironment environment, Diagnostics diagnostics) {
    this.request = request;
    this.environment = environment;
    this.diagnostics = diagnostics;
  }

  /** The request being decided. */
  public Request request() {
    return request;
  }

  /** Files and netgroups patterns refer to. */
  public MatchEnvironment environment() {
    return environment;
  }

  /** Sets the rule file and line that diagnostics refer to. */
  public void at(String file, int line) {
    this.file = file;
    this.line = line;
  }

  /** tcpd_warn(): reports a warning at the current file and line. */
  public void warn(String message) {
    diagnostics.report(Diagnostic.warning(file, line, message));
  }

  /** The diagnostics of this evaluation. */
  public Diagnostics diagnostics() {
    return diagnostics;
  }

  /** The current rule file, or null. */
  public String file() {
    return file;
  }

  /** The current line. */
  public int line() {
    return line;
  }

  /** The verified client host name (looked up now if need be), reporting a verification warning. */
  public String clientName() {
    return nameOf(request.client());
  }

  /** The verified host name of an endpoint, reporting a verification warning. */
  public String nameOf(Endpoint endpoint) {
    boolean fresh = !endpoint.nameEvaluated();
    String name = endpoint.name();
    if (fresh) {
      String warning = EndpointWarnings.take(endpoint);
      if (warning != null) {
        warn(warning);
      }
    }
    return name;
  }

  /** The pattern files of this evaluation: what is being read, and what was found. */
  PatternFileVisits patternFiles() {
    if (patternFiles == null) {
      patternFiles = new PatternFileVisits();
    }
    return patternFiles;
  }
}
