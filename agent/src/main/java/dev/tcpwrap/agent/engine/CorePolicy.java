package dev.tcpwrap.agent.engine;

import dev.tcpwrap.agent.log.AgentLog;
import dev.tcpwrap.agent.log.LogLevel;
import dev.tcpwrap.agent.log.Text;
import dev.tcpwrap.core.access.AccessControl;
import dev.tcpwrap.core.access.Explain;
import dev.tcpwrap.core.access.Verdict;
import dev.tcpwrap.core.diag.Diagnostic;
import dev.tcpwrap.core.diag.Diagnostics;
import dev.tcpwrap.core.reload.RuleFiles;
import dev.tcpwrap.core.request.Request;
import dev.tcpwrap.core.resolve.HostResolver;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The adapter from the agent's {@link ConnectionPolicy} to the core hosts_access(5) engine. The rules come
 * from a {@link RuleFiles}, which reloads them off the accept path; each decision reads the rules in force
 * with one volatile read ({@link RuleFiles#current()}), so accepts never wait for a reload.
 */
public final class CorePolicy implements ConnectionPolicy {

  /** Distinct rule diagnostics logged per rule set at most (libwrap logs them per check). */
  private static final int MAX_DISTINCT_DIAGNOSTICS = 1000;

  private final Supplier<AccessControl> rules;
  private final HostResolver resolver;
  private final AgentLog log;
  private final Set<String> reported = ConcurrentHashMap.newKeySet();
  private volatile AccessControl reportedFor;

  private CorePolicy(Supplier<AccessControl> rules, HostResolver resolver, AgentLog log) {
    this.rules = rules;
    this.resolver = resolver;
    this.log = log;
  }

  /**
   * A policy deciding with the rules in force in {@code files} at each connection.
   *
   * @param files    the watched rule files
   * @param resolver host-name lookups, bounded in time
   * @param log      where rule diagnostics found while deciding go
   * @return the policy
   */
  public static CorePolicy of(RuleFiles files, HostResolver resolver, AgentLog log) {
    return new CorePolicy(files::current, resolver, log);
  }

  /**
   * A policy over fixed rules (tests, tools).
   *
   * @param rules    the rules
   * @param resolver host-name lookups
   * @param log      where rule diagnostics go
   * @return the policy
   */
  public static CorePolicy fixed(AccessControl rules, HostResolver resolver, AgentLog log) {
    return new CorePolicy(() -> rules, resolver, log);
  }

  @Override
  public Decision decide(String daemon, InetSocketAddress local, InetSocketAddress remote) {
    AccessControl engine = rules.get();
    Request request = Request.forConnection(daemon, remote, local, resolver);
    Diagnostics diagnostics = d -> report(engine, daemon, d);
    Verdict v = engine.decide(request, diagnostics, Explain.NONE);
    return new Decision(v.granted(), v.clientInfo(), v.clientAddress(), v.ruleRef());
  }

  // logs each distinct rule diagnostic once per rule set, in tcpd's form DAEMON[PID]: warning: FILE, line N: ...
  private void report(AccessControl engine, String daemon, Diagnostic d) {
    if (reportedFor != engine) {
      reportedFor = engine; // new rules: their diagnostics are news again
      reported.clear();
    }
    String text = Text.escape(d.toString());
    if (reported.size() < MAX_DISTINCT_DIAGNOSTICS && reported.add(text)) {
      log.access(d.severity() == Diagnostic.Severity.ERROR ? LogLevel.ERROR : LogLevel.WARN, daemon, text);
    }
  }
}
