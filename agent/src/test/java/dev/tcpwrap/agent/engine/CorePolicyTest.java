package dev.tcpwrap.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.agent.log.AgentLog;
import dev.tcpwrap.agent.log.LogLevel;
import dev.tcpwrap.core.lint.RuleLinter;
import dev.tcpwrap.core.reload.RuleFiles;
import dev.tcpwrap.core.resolve.HostResolver;
import dev.tcpwrap.core.resolve.SystemHostResolver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorePolicyTest {

  @TempDir Path dir;

  private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 8080);
  private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.2", 40000);

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private String logged(AgentLog log) {
    log.flush();
    return out.toString(StandardCharsets.UTF_8);
  }

  // hosts.allow and hosts.deny with these texts, watched every 50 ms, logged and linted as the
  // agent does
  private RuleFiles ruleFiles(AgentLog log, String allowText, String denyText) throws IOException {
    Path allow = Files.writeString(dir.resolve("hosts.allow"), allowText);
    Path deny = Files.writeString(dir.resolve("hosts.deny"), denyText);
    return new RuleFiles(allow, deny, Duration.ofMillis(50), new RuleLog(log), RuleLinter::lint);
  }

  private static HostResolver resolver() {
    return SystemHostResolver.builder().timeout(Duration.ofMillis(100)).build();
  }

  @Test
  void decidesWithTheRulesInForceAfterEachReload() throws Exception {
    AgentLog log = AgentLog.toStream(LogLevel.INFO, out);
    RuleFiles files = ruleFiles(log, "", "");
    Path allow = dir.resolve("hosts.allow");
    Path deny = dir.resolve("hosts.deny");
    files.reportLoaded();
    CorePolicy policy = CorePolicy.of(files, resolver(), log);
    assertThat(policy.decide("shop", LOCAL, CLIENT, false).granted()).isTrue();

    Path tmp = Files.writeString(dir.resolve("hosts.deny.new"), "shop: 127.0.0.2\n");
    Files.move(tmp, deny, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    assertThat(files.checkNow()).isTrue();
    Decision d = policy.decide("shop", LOCAL, CLIENT, false);
    assertThat(d.granted()).isFalse();
    assertThat(d.ruleRef()).contains("hosts.deny");
    assertThat(policy.decide("other", LOCAL, CLIENT, false).granted()).isTrue();

    String text = logged(log);
    assertThat(text)
        .contains(
            "info: loaded " + allow + ": 0 rules",
            "info: reloaded " + deny + ": 1 rule (+1 -0)",
            "info:   + shop: 127.0.0.2");
  }

  @Test
  void addressRulesDecideByAddressAndAgreeWithTheOrdinaryWay() throws Exception {
    AgentLog log = AgentLog.toStream(LogLevel.INFO, out);
    RuleFiles files =
        ruleFiles(
            log,
            "shop: 127.0.0.1 [::1]\nmail: .example.com\n",
            "shop: 127.0.0.2 : allow\nALL: ALL\n");
    files.prepareFor(List.of("shop", "mail"));
    files.reportLoaded();
    CorePolicy policy = CorePolicy.of(files, resolver(), log);
    InetAddress two = InetAddress.getByName("127.0.0.2");
    InetAddress three = InetAddress.getByName("127.0.0.3");

    Decision q = policy.decideByAddress("shop", two, false);
    Decision full = policy.decide("shop", LOCAL, CLIENT, false);
    assertThat(q.granted()).isTrue().isEqualTo(full.granted());
    assertThat(q.ruleRef()).isEqualTo("hosts.deny:1").isEqualTo(full.ruleRef());
    assertThat(q.clientInfo()).isEqualTo("127.0.0.2").isEqualTo(full.clientInfo());
    assertThat(q.clientAddress()).isEqualTo("127.0.0.2");
    assertThat(q.plan()).isNull();
    // an IPv4 client of a dual-stack listener is shown as libwrap shows it
    Decision dual = policy.decideByAddress("shop", three, true);
    assertThat(dual.granted()).isFalse();
    assertThat(dual.ruleRef()).isEqualTo("hosts.deny:2");
    assertThat(dual.clientAddress())
        .isEqualTo("::ffff:127.0.0.3")
        .isEqualTo(
            policy.decide("shop", LOCAL, new InetSocketAddress(three, 1), true).clientAddress());
    // a host-name rule for the daemon: only the ordinary way can tell
    assertThat(policy.decideByAddress("mail", three, false)).isNull();
    assertThat(policy.decideByAddress("shop", InetAddress.getByName("::1"), false).granted())
        .isTrue();
  }

  @Test
  void lintFindingsAreLoggedAtTheirLevel() throws Exception {
    AgentLog log = AgentLog.toStream(LogLevel.INFO, out);
    ruleFiles(log, "ALL: 192.168.1.5/255.255.255.0\n", "").reportLoaded();
    Path allow = dir.resolve("hosts.allow");
    assertThat(logged(log))
        .containsPattern(
            "tcpwrap\\[\\d+\\]: warning: "
                + java.util.regex.Pattern.quote(allow.toString())
                + ", line 1: ");
  }

  @Test
  void ruleLogMapsPrefixesToLevels() {
    AgentLog log = AgentLog.toStream(LogLevel.INFO, out);
    RuleLog r = new RuleLog(log);
    r.accept("error: hosts.deny: cannot be read");
    r.accept("warning: hosts.allow, line 2: odd");
    r.accept("reload failed, keeping the rules in force: boom");
    r.accept("reloaded hosts.deny: 1 rule (+1 -0)");
    r.accept("evil\nline");
    assertThat(logged(log).lines())
        .map(l -> l.replaceFirst("^tcpwrap\\[\\d+\\]: ", ""))
        .containsExactly(
            "error: hosts.deny: cannot be read",
            "warning: hosts.allow, line 2: odd",
            "error: reload failed, keeping the rules in force: boom",
            "info: reloaded hosts.deny: 1 rule (+1 -0)",
            "info: evil\\x0aline");
  }
}
