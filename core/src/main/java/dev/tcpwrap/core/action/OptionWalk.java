package dev.tcpwrap.core.action;

import dev.tcpwrap.core.access.Verdict;
import dev.tcpwrap.core.net.CNumbers;
import dev.tcpwrap.core.options.Option;
import dev.tcpwrap.core.options.PercentExpansion;
import dev.tcpwrap.core.request.Request;
import dev.tcpwrap.core.text.RuleText;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Makes an {@link OptionPlan}: the deciding rule's options walked left to right, as libwrap's
 * {@code process_options()} walks them, each turned into its action where it stands (so a {@code %}
 * expansion sees the request as the options before it left it). Apart from the plan because this is
 * the one place that knows what each option kind becomes; the plan is only the value that the agent
 * carries out.
 */
final class OptionWalk {

  private OptionWalk() {}

  /** The plan for {@code verdict}, as {@link OptionPlan#of(Verdict, Consumer, Consumer)} says. */
  static OptionPlan plan(Verdict verdict, Consumer<Duration> rfc931Timeout, Consumer<String> warn) {
    Objects.requireNonNull(verdict, "verdict");
    List<String> warnings = new ArrayList<>();
    Consumer<String> w =
        m -> {
          warnings.add(m);
          if (warn != null) {
            try {
              warn.accept(m);
            } catch (RuntimeException e) {
              // a failing log sink must not stop the plan
            }
          }
        };
    Request request = verdict.request();
    List<OptionPlan.Action> actions = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    Severity severity = null;
    SocketOptions socket = SocketOptions.NONE;
    Duration rfc931 = null;
    for (Option o : verdict.options()) {
      switch (o.kind()) {
        case SPAWN:
          actions.add(
              new OptionPlan.Spawn(RuleText.chop(PercentExpansion.expand(o.value(), request, w))));
          break;
        case TWIST:
          actions.add(
              new OptionPlan.Twist(RuleText.chop(PercentExpansion.expand(o.value(), request, w))));
          break;
        case BANNERS:
          Path dir = Path.of(o.value());
          actions.add(new OptionPlan.Banner(dir, Banners.render(dir, request, w)));
          break;
        case KEEPALIVE:
        case LINGER:
          socket = socket.with(o);
          break;
        case SEVERITY:
          Severity s = Severity.tryParse(o.value());
          if (s != null) {
            severity = s;
          }
          break;
        case RFC931:
          rfc931 = rfc931Timeout(o.value());
          try {
            rfc931Timeout.accept(rfc931);
          } catch (RuntimeException e) {
            // keep the lookup's own timeout
          }
          request.user();
          break;
        case SETENV:
        case UMASK:
        case USER:
        case GROUP:
        case NICE:
        case ACLEXEC:
          notes.add(ProcessWideOptions.explanation(o.kind()));
          break;
        case ALLOW:
        case DENY:
        default:
          break; // the verdict already says it
      }
    }
    boolean consult = Aclexec.effect(verdict) == Aclexec.Effect.CONSULT_DENY;
    return new OptionPlan(verdict, actions, severity, socket, rfc931, consult, notes, warnings);
  }

  /**
   * The {@code rfc931} timeout: its value in seconds (validated at load, so positive), else the
   * default.
   */
  private static Duration rfc931Timeout(String value) {
    if (value == null) {
      return IdentClient.DEFAULT_TIMEOUT;
    }
    Integer n = CNumbers.scanIntOnly(value);
    return n == null || n <= 0 ? IdentClient.DEFAULT_TIMEOUT : Duration.ofSeconds(n);
  }
}
