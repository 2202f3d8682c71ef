package dev.tcpwrap.core.action;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.core.access.AccessControl;
import dev.tcpwrap.core.access.FileMatchEnvironment;
import dev.tcpwrap.core.access.Verdict;
import dev.tcpwrap.core.diag.Diagnostics;
import dev.tcpwrap.core.options.OptionKind;
import dev.tcpwrap.core.request.Endpoint;
import dev.tcpwrap.core.request.Request;
import dev.tcpwrap.core.resolve.HostName;
import dev.tcpwrap.core.resolve.HostResolver;
import dev.tcpwrap.core.rules.RuleTable;
import dev.tcpwrap.core.rules.RuleTableLoader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** From a verdict to what the agent does, option by option, in libwrap's order. */
class OptionPlanTest {

  @TempDir Path dir;

  private final List<String> warnings = new ArrayList<>();
  private final List<Duration> timeouts = new ArrayList<>();

  private static AccessControl engine(String allow, String deny) {
    return AccessControl.of(
        RuleTableLoader.parse(
            "hosts.allow", RuleTable.Role.ALLOW, allow.getBytes(StandardCharsets.UTF_8)),
        RuleTableLoader.parse(
            "hosts.deny", RuleTable.Role.DENY, deny.getBytes(StandardCharsets.UTF_8)),
        FileMatchEnvironment.system());
  }

  private static Request request() {
    return Request.ofStrings(
        "sshd",
        Endpoint.ofStrings("192.168.1.10", null, 4242),
        Endpoint.ofStrings("10.0.0.1", null, 22),
        null);
  }

  private OptionPlan plan(String allow, String deny) {
    return plan(engine(allow, deny).decide(request()));
  }

  private OptionPlan plan(Verdict v) {
    return OptionPlan.of(v, timeouts::add, warnings::add);
  }

  @Test
  void noRuleNoOptionsTcpdsDefaults() {
    OptionPlan granted = plan("", "");
    assertThat(granted.granted()).isTrue();
    assertThat(granted.actions()).isEmpty();
    assertThat(granted.severity()).isEqualTo(Severity.ALLOWED);
    assertThat(granted.logLine()).isEqualTo("connect from 192.168.1.10 (192.168.1.10)");
    assertThat(granted.socketOptions()).isEqualTo(SocketOptions.NONE);
    assertThat(granted.rfc931Timeout()).isNull();
    assertThat(granted.notes()).isEmpty();

    OptionPlan refused = plan("", "ALL: ALL\n");
    assertThat(refused.granted()).isFalse();
    assertThat(refused.severity()).isEqualTo(Severity.REFUSED);
    assertThat(refused.logLine()).isEqualTo("refused connect from 192.168.1.10 (192.168.1.10)");
  }

  @Test
  void spawnCommandsAreExpandedInOrder() {
    OptionPlan p = plan("sshd: ALL: spawn echo %a %d %z : spawn (echo %u) &\n", "");
    assertThat(p.spawnCommands()).containsExactly("echo 192.168.1.10 sshd", "(echo unknown) &");
    assertThat(p.actions())
        .containsExactly(
            new OptionPlan.Spawn("echo 192.168.1.10 sshd"),
            new OptionPlan.Spawn("(echo unknown) &"));
    assertThat(p.warnings()).containsExactly("unrecognized %z");
    assertThat(warnings).containsExactly("unrecognized %z");
    assertThat(p.granted()).isTrue();
  }

  @Test
  void spawnEndToEndWritesTheExpansion() throws Exception {
    Path out = dir.resolve("out");
    OptionPlan p = plan("sshd: ALL: spawn echo %a %d > " + out + "\n", "");
    try (CommandRunner runner = CommandRunner.withDefaults(l -> {})) {
      for (String c : p.spawnCommands()) {
        assertThat(runner.spawn(c)).isTrue();
      }
      assertThat(
              Await.until(
                  Duration.ofSeconds(10), () -> Files.exists(out) && out.toFile().length() > 0))
          .isTrue();
    }
    assertThat(Files.readString(out)).isEqualTo("192.168.1.10 sshd\n");
  }

  @Test
  void expansionsSeeTheRequestInRuleOrder() throws Exception {
    HostResolver names = a -> HostName.known("client.example.com");
    InetSocketAddress client = new InetSocketAddress(InetAddress.getByName("192.168.1.10"), 4242);
    InetSocketAddress server = new InetSocketAddress(InetAddress.getByName("10.0.0.1"), 22);
    AccessControl e = engine("sshd: ALL: spawn echo %h : spawn echo %n : spawn echo %h\n", "");
    Request r = Request.forConnection("sshd", client, server, false, names, () -> null);
    OptionPlan p = plan(e.decide(r));
    assertThat(p.spawnCommands())
        .containsExactly("echo 192.168.1.10", "echo client.example.com", "echo client.example.com");
    assertThat(p.logLine()).isEqualTo("connect from client.example.com (192.168.1.10)");
  }

  @Test
  void twistIsExpandedAndLoggedAtTheRefusedSeverity() {
    OptionPlan p = plan("sshd: ALL: twist /bin/echo 421 go away %a %h\n", "");
    assertThat(p.verdict().reason()).isEqualTo(Verdict.Reason.TWIST);
    assertThat(p.granted()).isFalse();
    assertThat(p.twistCommand()).isEqualTo("/bin/echo 421 go away 192.168.1.10 192.168.1.10");
    assertThat(p.logLine())
        .isEqualTo("twist 192.168.1.10 to /bin/echo 421 go away 192.168.1.10 192.168.1.10");
    assertThat(p.severity()).isEqualTo(Severity.REFUSED);
  }

  @Test
  void bannersAreRenderedAtTheirPlace() throws Exception {
    Files.writeString(dir.resolve("sshd"), "Hello %a\n");
    OptionPlan p =
        plan("sshd: ALL: banners " + dir + " : banners " + dir.resolve("missing") + "\n", "");
    assertThat(p.bannerDirs()).containsExactly(dir, dir.resolve("missing"));
    assertThat(new String(p.banner(), StandardCharsets.ISO_8859_1))
        .isEqualTo("Hello 192.168.1.10\r\n");
    assertThat(p.warnings())
        .containsExactly(dir.resolve("missing") + ": No such file or directory");
  }

  @Test
  void bannersAreSentToRefusedClientsToo() throws Exception {
    Files.writeString(dir.resolve("sshd"), "go away\n");
    OptionPlan p = plan("", "sshd: ALL: banners " + dir + "\n");
    assertThat(p.granted()).isFalse();
    assertThat(p.banner()).isEqualTo("go away\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void keepaliveAndLinger() {
    assertThat(plan("sshd: ALL: keepalive : linger 5\n", "").socketOptions())
        .isEqualTo(new SocketOptions(true, 5));
    assertThat(plan("sshd: ALL: linger 0\n", "").socketOptions())
        .isEqualTo(new SocketOptions(false, 0));
  }

  @Test
  void severitySetsBoth() {
    OptionPlan allowed = plan("sshd: ALL: severity local3.notice\n", "");
    assertThat(allowed.severity()).hasToString("local3.notice");
    assertThat(allowed.explicitSeverity()).hasToString("local3.notice");
    OptionPlan refused = plan("", "sshd: ALL: severity auth.crit\n");
    assertThat(refused.severity()).hasToString("auth.crit");
    assertThat(refused.granted()).isFalse();
    assertThat(plan("sshd: ALL: severity=warning : deny\n", "").severity())
        .hasToString("daemon.warning");
  }

  @Test
  void rfc931SetsTheTimeoutAndLooksTheUserUp() throws Exception {
    AtomicInteger lookups = new AtomicInteger();
    InetSocketAddress client = new InetSocketAddress(InetAddress.getByName("192.168.1.10"), 4242);
    InetSocketAddress server = new InetSocketAddress(InetAddress.getByName("10.0.0.1"), 22);
    AccessControl e = engine("sshd: ALL: spawn echo %c : rfc931 3 : spawn echo %c\n", "");
    Request r =
        Request.forConnection(
            "sshd",
            client,
            server,
            false,
            HostResolver.NONE,
            () -> {
              lookups.incrementAndGet();
              return "alice";
            });
    OptionPlan p = plan(e.decide(r));
    assertThat(timeouts).containsExactly(Duration.ofSeconds(3));
    assertThat(p.rfc931Timeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(lookups).hasValue(1);
    assertThat(p.spawnCommands()).containsExactly("echo 192.168.1.10", "echo alice@192.168.1.10");
    assertThat(p.logLine()).isEqualTo("connect from alice@192.168.1.10 (192.168.1.10)");

    OptionPlan defaults = plan("sshd: ALL: rfc931\n", "");
    assertThat(defaults.rfc931Timeout()).isEqualTo(IdentClient.DEFAULT_TIMEOUT);
    assertThat(defaults.verdict().request().userEvaluated()).isTrue();
  }

  @Test
  void noRuleNeedingTheUserMeansNoLookup() throws Exception {
    AtomicInteger lookups = new AtomicInteger();
    InetSocketAddress client = new InetSocketAddress(InetAddress.getByName("192.168.1.10"), 4242);
    Request r =
        Request.forConnection(
            "sshd",
            client,
            client,
            false,
            HostResolver.NONE,
            () -> {
              lookups.incrementAndGet();
              return "alice";
            });
    OptionPlan p = plan(engine("sshd: ALL: spawn echo %a : keepalive\n", "").decide(r));
    assertThat(p.granted()).isTrue();
    assertThat(lookups).hasValue(0);
    assertThat(timeouts).isEmpty();
  }

  @Test
  void processWideOptionsAreExplainedAndChangeNothing() {
    OptionPlan p =
        plan(
            "sshd: ALL: setenv FOO bar %a : umask 077 : user nobody : group nogroup : nice 3\n",
            "ALL: ALL\n");
    assertThat(p.granted()).isTrue();
    assertThat(p.actions()).isEmpty();
    assertThat(p.notes())
        .containsExactly(
            ProcessWideOptions.explanation(OptionKind.SETENV),
            ProcessWideOptions.explanation(OptionKind.UMASK),
            ProcessWideOptions.explanation(OptionKind.USER),
            ProcessWideOptions.explanation(OptionKind.GROUP),
            ProcessWideOptions.explanation(OptionKind.NICE));
    assertThat(p.notes().get(1))
        .isEqualTo(
            "option \"umask\" has no effect inside a JVM: the application's process"
                + " is not started per connection (set the umask where the JVM is started)");
    assertThat(p.notes())
        .allMatch(n -> n.startsWith("option \"") && n.contains("has no effect inside a JVM: "));
    assertThat(ProcessWideOptions.explanation(OptionKind.SPAWN)).isNull();
    assertThat(ProcessWideOptions.KINDS).hasSize(6);
  }

  @Test
  void optionsBeforeAnErrorAreStillCarriedOut() {
    OptionPlan p =
        plan(
            "sshd: ALL: spawn echo hi : severity auth.notice : frobnicate : spawn echo never\n",
            "");
    assertThat(p.verdict().reason()).isEqualTo(Verdict.Reason.OPTION_ERROR);
    assertThat(p.granted()).isFalse();
    assertThat(p.spawnCommands()).containsExactly("echo hi");
    assertThat(p.severity()).hasToString("auth.notice");
  }

  @Test
  void allowAndDenyDecideAsTheVerdictSays() {
    assertThat(plan("", "sshd: ALL: spawn echo x : allow\n").granted()).isTrue();
    assertThat(plan("sshd: ALL: deny\n", "").granted()).isFalse();
    assertThat(plan("", "sshd: ALL: allow\n").severity()).isEqualTo(Severity.ALLOWED);
  }

  // ------------------------------------------------------------------ aclexec

  private OptionPlan resolved(String allow, String deny) {
    AccessControl e = engine(allow, deny);
    OptionPlan p = plan(e.decide(request()));
    return p.resolveAclexec(
        Aclexec.denyOnly(e, FileMatchEnvironment.system()),
        Diagnostics.NONE,
        timeouts::add,
        warnings::add);
  }

  @Test
  void aclexecInHostsAllowIsTakenAsFailedSoHostsDenyDecides() {
    OptionPlan before = plan("sshd: ALL: aclexec /bin/true\n", "ALL: ALL\n");
    assertThat(before.aclexecConsultsDeny()).isTrue();
    assertThat(Aclexec.effect(before.verdict())).isEqualTo(Aclexec.Effect.CONSULT_DENY);
    assertThat(before.notes()).containsExactly(ProcessWideOptions.explanation(OptionKind.ACLEXEC));

    OptionPlan p = resolved("sshd: ALL: aclexec /bin/true\n", "ALL: ALL\n");
    assertThat(p.granted()).isFalse();
    assertThat(p.verdict().table()).isEqualTo(RuleTable.Role.DENY);
    assertThat(p.aclexecConsultsDeny()).isFalse();
    assertThat(p.logLine()).isEqualTo("refused connect from 192.168.1.10 (192.168.1.10)");

    // no hosts.deny rule: libwrap grants whatever the status, and so does tcpwrap
    OptionPlan open = resolved("sshd: ALL: aclexec /bin/false\n", "ftpd: ALL\n");
    assertThat(open.granted()).isTrue();
    assertThat(open.verdict().reason()).isEqualTo(Verdict.Reason.DEFAULT);
  }

  @Test
  void theRestOfTheAllowRuleStillRunsAndItsSeverityCarriesOver() {
    OptionPlan p =
        resolved(
            "sshd: ALL: severity auth.crit : spawn echo allow : aclexec x : keepalive\n",
            "ALL: ALL: spawn echo deny : linger 4\n");
    assertThat(p.granted()).isFalse();
    assertThat(p.spawnCommands()).containsExactly("echo allow", "echo deny");
    assertThat(p.severity()).hasToString("auth.crit");
    assertThat(p.socketOptions()).isEqualTo(new SocketOptions(true, 4));
    assertThat(p.notes()).containsExactly(ProcessWideOptions.explanation(OptionKind.ACLEXEC));
  }

  @Test
  void aclexecThatCannotChangeTheOutcomeChangesNothing() {
    // in hosts.deny: as if it succeeded, the client is refused (the verdict already)
    OptionPlan deny = resolved("", "sshd: ALL: aclexec /bin/false\n");
    assertThat(deny.granted()).isFalse();
    assertThat(deny.verdict().table()).isEqualTo(RuleTable.Role.DENY);
    assertThat(Aclexec.effect(deny.verdict())).isEqualTo(Aclexec.Effect.NONE);
    // allow, deny, twist jump out before the status counts; an error denies
    assertThat(resolved("sshd: ALL: aclexec /bin/false : allow\n", "ALL: ALL\n").granted())
        .isTrue();
    assertThat(resolved("", "sshd: ALL: aclexec /bin/false : allow\n").granted()).isTrue();
    assertThat(resolved("sshd: ALL: aclexec /bin/false : deny\n", "").granted()).isFalse();
    OptionPlan twist = resolved("sshd: ALL: aclexec /bin/false : twist echo hi\n", "ALL: ALL\n");
    assertThat(twist.twistCommand()).isEqualTo("echo hi");
    assertThat(twist.verdict().table()).isEqualTo(RuleTable.Role.ALLOW);
    assertThat(resolved("sshd: ALL: aclexec /bin/true : bogus\n", "").granted()).isFalse();
    assertThat(Aclexec.present(plan("sshd: ALL: spawn x\n", "").verdict())).isFalse();
  }
}
