package dev.tcpwrap.agent.engine;

import dev.tcpwrap.agent.log.AgentLog;
import dev.tcpwrap.agent.log.LogLevel;
import dev.tcpwrap.agent.log.Text;
import dev.tcpwrap.core.access.AccessControl;
import dev.tcpwrap.core.access.AddressVerdict;
import dev.tcpwrap.core.access.Explain;
import dev.tcpwrap.core.access.FileMatchEnvironment;
import dev.tcpwrap.core.access.Verdict;
import dev.tcpwrap.core.action.Aclexec;
import dev.tcpwrap.core.action.IdentClient;
import dev.tcpwrap.core.action.IdentLookup;
import dev.tcpwrap.core.action.OptionPlan;
import dev.tcpwrap.core.diag.Diagnostic;
import dev.tcpwrap.core.diag.Diagnostics;
import dev.tcpwrap.core.reload.RuleFiles;
import dev.tcpwrap.core.request.Request;
import dev.tcpwrap.core.resolve.HostResolver;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The adapter from the agent's {@link ConnectionPolicy} to the core hosts_access(5) engine. The
 * rules come from a {@link RuleFiles}, which reloads them off the accept path; each decision reads
 * the rules in force with one volatile read ({@link RuleFiles#current()}), so accepts never wait
 * for a reload.
 *
 * <p>Each decision also computes the deciding rule's {@link OptionPlan} (expansions at decision
 * time, as libwrap's {@code process_options()}), resolves a hosts.allow {@code aclexec} against
 * hosts.deny ({@link Aclexec}, with an engine built once per rule set), and returns it in the
 * {@link Decision} for the gate to carry out. With an {@link IdentClient}, the request's user is a
 * lazy, bounded RFC 1413 query made only when a rule needs it ({@code user@host} patterns, {@code
 * %u}, the {@code rfc931} option).
 *
 * <p>Rule diagnostics, option warnings (expansion problems, a missing banner directory) and the
 * notes about process-wide options are logged once per rule set and distinct text, not per
 * connection.
 */
public final class CorePolicy implements ConnectionPolicy {

  /** No ident lookup configured: the user is {@code unknown}, as libwrap without RFC 931. */
  private static final java.util.function.Supplier<String> NO_USER = () -> "unknown";

  /** Distinct rule diagnostics logged per rule set at most (libwrap logs them per check). */
  private static final int MAX_DISTINCT_DIAGNOSTICS = 1000;

  private final Supplier<AccessControl> rules;
  private final HostResolver resolver;
  private final IdentClient ident;
  private final Duration identTimeout;
  private final AgentLog log;
  private volatile RuleSet current;

  private CorePolicy(
      Supplier<AccessControl> rules,
      HostResolver resolver,
      IdentClient ident,
      Duration identTimeout,
      AgentLog log) {
    this.rules = rules;
    this.resolver = resolver;
    this.ident = ident;
    this.identTimeout = identTimeout == null ? IdentClient.DEFAULT_TIMEOUT : identTimeout;
    this.log = log;
  }

  /**
   * A policy deciding with the rules in force in {@code files} at each connection, without ident
   * lookups (the user is {@code unknown}).
   *
   * @param files the watched rule files
   * @param resolver host-name lookups, bounded in time
   * @param log where rule diagnostics found while deciding go
   * @return the policy
   */
  public static CorePolicy of(RuleFiles files, HostResolver resolver, AgentLog log) {
    return new CorePolicy(files::current, resolver, null, null, log);
  }

  /**
   * A policy deciding with the rules in force in {@code files} at each connection, asking {@code
   * ident} for the user when a rule needs it.
   *
   * @param files the watched rule files
   * @param resolver host-name lookups, bounded in time
   * @param ident the RFC 1413 client ({@link IdentClient#STANDARD}), or null for no ident lookups
   * @param identTimeout the bound of a lookup a pattern or {@code %u} needs ({@code rfc931 N} sets
   *     its own)
   * @param log where rule diagnostics found while deciding go
   * @return the policy
   */
  public static CorePolicy of(
      RuleFiles files,
      HostResolver resolver,
      IdentClient ident,
      Duration identTimeout,
      AgentLog log) {
    return new CorePolicy(files::current, resolver, ident, identTimeout, log);
  }

  @Override
  public Decision decideByAddress(String daemon, InetAddress remote, boolean dualStack) {
    AddressVerdict v = rules.get().decideAddress(daemon, remote);
    return v == null ? null : Decision.byAddress(v, remote, dualStack);
  }

  @Override
  public Decision decide(
      String daemon, InetSocketAddress local, InetSocketAddress remote, boolean dualStack) {
    AccessControl engine = rules.get();
    RuleSet rs = ruleSet(engine);
    IdentLookup lookup = ident == null ? null : new IdentLookup(ident, remote, local, identTimeout);
    Request request =
        lookup == null
            ? Request.forConnection(daemon, remote, local, dualStack, resolver, NO_USER)
            : Request.forConnection(daemon, remote, local, dualStack, resolver, lookup);
    Diagnostics diagnostics = d -> report(rs, daemon, d, LogLevel.WARN);
    Verdict v = engine.decide(request, diagnostics, Explain.NONE);
    Consumer<Duration> rfc931 = lookup == null ? t -> {} : lookup::timeout;
    OptionPlan plan = OptionPlan.of(v, rfc931, w -> warn(rs, daemon, v, w));
    if (plan.aclexecConsultsDeny()) {
      AccessControl denyOnly = rs.denyOnly();
      plan = plan.resolveAclexec(denyOnly, diagnostics, rfc931, w -> warn(rs, daemon, null, w));
    }
    if (!plan.notes().isEmpty()) {
      for (String note : plan.notes()) {
        report(rs, daemon, Diagnostic.warning(fileOf(v), lineOf(v), note), LogLevel.INFO);
      }
    }
    Verdict last = plan.verdict();
    return new Decision(
        plan.granted(), last.clientInfo(), last.clientAddress(), last.ruleRef(), plan);
  }

  /**
   * The state kept per loaded rule set: what was already logged, and the hosts.deny-only engine of
   * aclexec.
   */
  private static final class RuleSet {
    final AccessControl engine;
    final Set<String> reported = ConcurrentHashMap.newKeySet();
    private volatile AccessControl denyOnly;

    RuleSet(AccessControl engine) {
      this.engine = engine;
    }

    // built on first need, once per rule set (a race builds it twice at worst, both equal)
    AccessControl denyOnly() {
      AccessControl d = denyOnly;
      if (d == null) {
        // RuleFiles builds its engines over the system environment (/etc/netgroup), so this one
        // matches them
        d = Aclexec.denyOnly(engine, FileMatchEnvironment.system());
        denyOnly = d;
      }
      return d;
    }
  }

  private RuleSet ruleSet(AccessControl engine) {
    RuleSet rs = current;
    if (rs == null || rs.engine != engine) {
      rs = new RuleSet(engine); // new rules: their diagnostics are news again
      current = rs;
    }
    return rs;
  }

  // an option warning (expansion, banner) in tcpd's form: warning: FILE, line N: message
  private void warn(RuleSet rs, String daemon, Verdict v, String message) {
    report(rs, daemon, Diagnostic.warning(fileOf(v), lineOf(v), message), LogLevel.WARN);
  }

  private static String fileOf(Verdict v) {
    return v == null || v.rule() == null ? null : v.rule().file();
  }

  private static int lineOf(Verdict v) {
    return v == null || v.rule() == null ? 0 : v.rule().line();
  }

  // logs each distinct line once per rule set, in tcpd's form DAEMON[PID]: warning: FILE, line N:
  // ...
  private void report(RuleSet rs, String daemon, Diagnostic d, LogLevel warnLevel) {
    String text = Text.escape(d.toString());
    if (warnLevel == LogLevel.INFO && text.startsWith("warning: ")) {
      text = "note: " + text.substring("warning: ".length());
    }
    if (rs.reported.size() < MAX_DISTINCT_DIAGNOSTICS && rs.reported.add(text)) {
      LogLevel l = d.severity() == Diagnostic.Severity.ERROR ? LogLevel.ERROR : warnLevel;
      log.access(l, daemon, text);
    }
  }

  /**
   * @return the ident client, or null (for the start-up summary)
   */
  public IdentClient ident() {
    return ident;
  }

  @Override
  public String toString() {
    return "CorePolicy[ident=" + (ident == null ? "off" : Objects.toString(identTimeout)) + "]";
  }
}
