package dev.tcpwrap.core.action;

import dev.tcpwrap.core.access.AccessControl;
import dev.tcpwrap.core.access.Explain;
import dev.tcpwrap.core.access.Verdict;
import dev.tcpwrap.core.diag.Diagnostics;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What to do for one decided connection: the deciding rule's options turned into concrete actions,
 * computed in libwrap's left-to-right order at decision time, so that {@code %} expansions see the
 * request as libwrap's {@code process_options()} would (a {@code %n} in an earlier option makes a
 * later {@code %h} show the name).
 *
 * <p>The agent carries a plan out in this order: {@link #socketOptions()} on the accepted socket;
 * the {@link #banner()} bytes written to the client; each {@link #spawnCommands()} through {@link
 * CommandRunner#spawn}; then, if {@link #twistCommand()} is set, {@link CommandRunner#twist} (the
 * application never sees the client), else close (refused) or hand over (granted); and {@link
 * #logLine()} logged at {@link #severity()}. {@link #notes()} (options without effect in a JVM) and
 * {@link #warnings()} (expansion problems, missing banner directory) are for the log too.
 *
 * <p>Nothing here changes the verdict: {@link #granted()} is {@code verdict().granted()}. The one
 * exception to "the verdict stands" is {@code aclexec} in hosts.allow, which the caller resolves
 * with {@link #resolveAclexec} (see {@link Aclexec}).
 */
public final class OptionPlan {

  /** One step with an effect outside the JVM's state, in rule order. */
  public sealed interface Action permits Spawn, Banner, Twist {}

  /** Start this (expanded) command with {@link CommandRunner#spawn}. */
  public record Spawn(String command) implements Action {}

  /**
   * Send these bytes (rendered by {@link Banners#render}) to the client.
   *
   * @param dir the banners directory as written in the rule
   * @param bytes the rendered banner, empty when there is none (not copied: do not modify)
   */
  public record Banner(Path dir, byte[] bytes) implements Action {}

  /** Hand the client to this (expanded) command with {@link CommandRunner#twist}. */
  public record Twist(String command) implements Action {}

  private final Verdict verdict;
  private final List<Action> actions;
  private final Severity explicitSeverity;
  private final SocketOptions socketOptions;
  private final Duration rfc931Timeout;
  private final boolean aclexecConsultsDeny;
  private final List<String> notes;
  private final List<String> warnings;

  OptionPlan(
      Verdict verdict,
      List<Action> actions,
      Severity explicitSeverity,
      SocketOptions socketOptions,
      Duration rfc931Timeout,
      boolean aclexecConsultsDeny,
      List<String> notes,
      List<String> warnings) {
    this.verdict = verdict;
    this.actions = List.copyOf(actions);
    this.explicitSeverity = explicitSeverity;
    this.socketOptions = socketOptions;
    this.rfc931Timeout = rfc931Timeout;
    this.aclexecConsultsDeny = aclexecConsultsDeny;
    this.notes = List.copyOf(notes);
    this.warnings = List.copyOf(warnings);
  }

  /**
   * The plan for {@code verdict}, without changing its ident timeout (for requests whose user
   * lookup is not an {@link IdentLookup}); see {@link #of(Verdict, Consumer, Consumer)}.
   */
  public static OptionPlan of(Verdict verdict, Consumer<String> warn) {
    return of(verdict, t -> {}, warn);
  }

  /**
   * The plan for {@code verdict}: its options are walked left to right; {@code spawn} and {@code
   * twist} are expanded and {@code banners} rendered at their place (this may look names up, as
   * libwrap does, and reads the banner file). {@code rfc931 [N]} passes its timeout (or the
   * default, 10 s) to {@code rfc931Timeout} (give it the request's {@link
   * IdentLookup#timeout(Duration)}) and then makes the ident lookup, as libwrap's {@code
   * eval_user()} does: that blocks for up to the timeout. Warnings go to {@code warn} and are kept
   * in {@link #warnings()}. Never throws for any option content.
   */
  public static OptionPlan of(
      Verdict verdict, Consumer<Duration> rfc931Timeout, Consumer<String> warn) {
    return OptionWalk.plan(verdict, rfc931Timeout, warn);
  }

  /**
   * If the deciding rule is a hosts.allow rule whose {@code aclexec} counts ({@link
   * Aclexec.Effect#CONSULT_DENY}): this plan followed by the plan of {@code denyOnly}'s verdict for
   * the same request (built once with {@link Aclexec#denyOnly}); else this plan. Diagnostics of the
   * new decision go to {@code diagnostics}.
   */
  public OptionPlan resolveAclexec(
      AccessControl denyOnly,
      Diagnostics diagnostics,
      Consumer<Duration> rfc931Timeout,
      Consumer<String> warn) {
    if (!aclexecConsultsDeny) {
      return this;
    }
    Verdict v = denyOnly.decide(verdict.request(), diagnostics, Explain.NONE);
    return followedBy(of(v, rfc931Timeout, warn));
  }

  /**
   * This plan's effects followed by {@code next}'s, with libwrap's process-global state carried
   * over: a {@code severity} set here stays unless {@code next} sets one, {@code keepalive} stays
   * on, the last {@code linger} and {@code rfc931} win. The verdict is {@code next}'s.
   */
  public OptionPlan followedBy(OptionPlan next) {
    List<Action> a = new ArrayList<>(actions);
    a.addAll(next.actions);
    List<String> n = new ArrayList<>(notes);
    n.addAll(next.notes);
    List<String> w = new ArrayList<>(warnings);
    w.addAll(next.warnings);
    SocketOptions s =
        new SocketOptions(
            socketOptions.keepAlive() || next.socketOptions.keepAlive(),
            next.socketOptions.setsLinger()
                ? next.socketOptions.lingerSeconds()
                : socketOptions.lingerSeconds());
    return new OptionPlan(
        next.verdict,
        a,
        next.explicitSeverity != null ? next.explicitSeverity : explicitSeverity,
        s,
        next.rfc931Timeout != null ? next.rfc931Timeout : rfc931Timeout,
        next.aclexecConsultsDeny,
        n,
        w);
  }

  /** The verdict this plan carries out. */
  public Verdict verdict() {
    return verdict;
  }

  /**
   * Whether the client is handed to the application: the verdict's, never changed by options here.
   */
  public boolean granted() {
    return verdict.granted();
  }

  /** The steps with outside effects, in rule order. */
  public List<Action> actions() {
    return actions;
  }

  /** The expanded {@code spawn} commands, in order. */
  public List<String> spawnCommands() {
    return each(Spawn.class, Spawn::command);
  }

  /** The expanded {@code twist} command, or null. */
  public String twistCommand() {
    for (Action a : actions) {
      if (a instanceof Twist t) {
        return t.command();
      }
    }
    return null;
  }

  /** The banner directories, in order. */
  public List<Path> bannerDirs() {
    return each(Banner.class, Banner::dir);
  }

  private <A extends Action, R> List<R> each(Class<A> kind, Function<? super A, R> part) {
    List<R> out = new ArrayList<>();
    for (Action a : actions) {
      if (kind.isInstance(a)) {
        out.add(part.apply(kind.cast(a)));
      }
    }
    return out;
  }

  /**
   * Every banner's bytes, in order, to be written to the client before it is closed or handed over.
   */
  public byte[] banner() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Action a : actions) {
      if (a instanceof Banner b) {
        out.write(b.bytes(), 0, b.bytes().length);
      }
    }
    return out.toByteArray();
  }

  /** The {@code severity} option's value, or null when the rule has none. */
  public Severity explicitSeverity() {
    return explicitSeverity;
  }

  /**
   * The priority of the connection's log line: the {@code severity} option if any, else tcpd's
   * default for the outcome: {@link Severity#ALLOWED} when granted, {@link Severity#REFUSED} when
   * refused or twisted.
   */
  public Severity severity() {
    if (explicitSeverity != null) {
      return explicitSeverity;
    }
    return granted() ? Severity.ALLOWED : Severity.REFUSED;
  }

  /**
   * tcpd's text for the connection, from the request as it is now (a user found by ident shows as
   * {@code user@host}): {@code connect from %c (%a)}, {@code refused connect from %c (%a)} or
   * {@code twist %c to <command>}. Not sanitised: the log sink escapes control characters.
   */
  public String logLine() {
    String twist = twistCommand();
    if (twist != null) {
      return "twist " + verdict.clientInfo() + " to " + twist;
    }
    String from = verdict.clientInfo() + " (" + verdict.clientAddress() + ")";
    return granted() ? "connect from " + from : "refused connect from " + from;
  }

  /** The socket options to set on the accepted socket. */
  public SocketOptions socketOptions() {
    return socketOptions;
  }

  /**
   * The {@code rfc931} option's timeout (the ident lookup has been made), or null when there is no
   * such option.
   */
  public Duration rfc931Timeout() {
    return rfc931Timeout;
  }

  /**
   * Whether a hosts.allow {@code aclexec} asks for hosts.deny to decide ({@link #resolveAclexec}).
   */
  public boolean aclexecConsultsDeny() {
    return aclexecConsultsDeny;
  }

  /** One line for each option that has no effect inside a JVM ({@link ProcessWideOptions}). */
  public List<String> notes() {
    return notes;
  }

  /** The warnings met while computing the plan. */
  public List<String> warnings() {
    return warnings;
  }

  @Override
  public String toString() {
    return "OptionPlan["
        + verdict.ruleRef()
        + ", granted="
        + granted()
        + ", actions="
        + actions.size()
        + ", severity="
        + severity()
        + ", socket="
        + socketOptions
        + "]";
  }
}
