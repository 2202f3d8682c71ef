package dev.tcpwrap.agent.engine;

import dev.tcpwrap.agent.log.AgentLog;
import dev.tcpwrap.agent.log.LogLevel;
import dev.tcpwrap.agent.log.Text;
import dev.tcpwrap.core.access.AccessControl;
import dev.tcpwrap.core.access.Explain;
import dev.tcpwrap.core.access.Verdict;
import dev.tcpwrap.core.diag.Diagnostic;
import dev.tcpwrap.core.diag.Diagnostics;
import dev.tcpwrap.core.request.Request;
import dev.tcpwrap.core.resolve.HostResolver;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The adapter from the agent's {@link ConnectionPolicy} to the core hosts_access(5) engine. One instance per
 * loaded pair of rule files; a reload builds a new one and swaps it into the {@link PolicyHolder}.
 */
public final class CorePolicy implements ConnectionPolicy {

  /** Distinct rule diagnostics logged per instance at most (libwrap logs them per check). */
  private static final int MAX_DISTINCT_DIAGNOSTICS = 1000;

  private final AccessControl engine;
  private final HostResolver resolver;
  private final AgentLog log;
  private final Set<String> reported = ConcurrentHashMap.newKeySet();

  private CorePolicy(AccessControl engine, HostResolver resolver, AgentLog log) {
    this.engine = engine;
    this.resolver = resolver;
    this.log = log;
  }

  /**
   * Loads the rule files (a missing file is empty; bad content never throws, it is diagnosed per check).
   *
   * @param allow    hosts.allow
   * @param deny     hosts.deny
   * @param resolver host-name lookups, bounded in time
   * @param log      where rule diagnostics go
   * @return the policy
   */
  public static CorePolicy load(Path allow, Path deny, HostResolver resolver, AgentLog log) {
    return new CorePolicy(AccessControl.load(allow, deny), resolver, log);
  }

  @Override
  public Decision decide(String daemon, InetSocketAddress local, InetSocketAddress remote) {
    Request request = Request.forConnection(daemon, remote, local, resolver);
    Diagnostics diagnostics = d -> report(daemon, d);
    Verdict v = engine.decide(request, diagnostics, Explain.NONE);
    return new Decision(v.granted(), v.clientInfo(), v.clientAddress(), v.ruleRef());
  }

  // logs each distinct rule diagnostic once, in tcpd's form DAEMON[PID]: warning: FILE, line N: ...
  private void report(String daemon, Diagnostic d) {
    String text = Text.escape(d.toString());
    if (reported.size() < MAX_DISTINCT_DIAGNOSTICS && reported.add(text)) {
      log.access(d.severity() == Diagnostic.Severity.ERROR ? LogLevel.ERROR : LogLevel.WARN, daemon, text);
    }
  }
}
