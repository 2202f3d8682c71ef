package dev.tcpwrap.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.agent.log.AgentLog;
import dev.tcpwrap.agent.log.LogLevel;
import dev.tcpwrap.core.action.IdentClient;
import dev.tcpwrap.core.reload.RuleFiles;
import dev.tcpwrap.core.resolve.SystemHostResolver;
import dev.tcpwrap.core.rules.RuleTable;
import dev.tcpwrap.core.rules.RuleTableLoader;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The option plan in decisions: ident, aclexec, notes and warnings. */
class CorePolicyOptionsTest {

  @TempDir Path dir;

  private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 8080);
  private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.2", 40000);

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final AgentLog log = AgentLog.toStream(LogLevel.DEBUG, out);
  private ServerSocket identd;
  private final AtomicInteger queries = new AtomicInteger();

  @AfterEach
  void tearDown() throws IOException {
    if (identd != null) {
      identd.close();
    }
  }

  private String logged() {
    log.flush();
    return out.toString(StandardCharsets.UTF_8);
  }

  private RuleFiles rules(String allow, String deny) throws IOException {
    return new RuleFiles(
        Files.writeString(dir.resolve("hosts.allow"), allow),
        Files.writeString(dir.resolve("hosts.deny"), deny),
        RuleFiles.DEFAULT_INTERVAL,
        line -> {},
        table -> java.util.List.of());
  }

  /** A fake identd on 127.0.0.2 answering every query with {@code user}. */
  private IdentClient identd(String user) throws IOException {
    identd = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.2"));
    Thread t =
        new Thread(
            () -> {
              while (!identd.isClosed()) {
                try (Socket s = identd.accept()) {
                  queries.incrementAndGet();
                  String q =
                      new BufferedReader(
                              new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                          .readLine();
                  s.getOutputStream()
                      .write(
                          (q + " : USERID : UNIX : " + user + "\r\n")
                              .getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                  // closed
                }
              }
            });
    t.setDaemon(true);
    t.start();
    return new IdentClient(identd.getLocalPort());
  }

  private CorePolicy policy(RuleFiles rules, IdentClient ident) {
    return CorePolicy.of(
        rules,
        SystemHostResolver.builder().timeout(Duration.ofMillis(100)).build(),
        ident,
        Duration.ofSeconds(2),
        log);
  }

  @Test
  void aUserPatternAsksIdentd() throws Exception {
    RuleFiles rules = rules("ALL: alice@127.0.0.2\n", "ALL: ALL\n");
    Decision d = policy(rules, identd("alice")).decide("shop", LOCAL, CLIENT, false);
    assertThat(d.granted()).isTrue();
    assertThat(d.clientInfo()).isEqualTo("alice@127.0.0.2");
    assertThat(queries.get()).isEqualTo(1);
  }

  @Test
  void anotherUserIsRefused() throws Exception {
    RuleFiles rules = rules("ALL: alice@127.0.0.2\n", "ALL: ALL\n");
    Decision d = policy(rules, identd("bob")).decide("shop", LOCAL, CLIENT, false);
    assertThat(d.granted()).isFalse();
    assertThat(d.clientInfo()).isEqualTo("bob@127.0.0.2");
    assertThat(d.plan().logLine()).isEqualTo("refused connect from bob@127.0.0.2 (127.0.0.2)");
  }

  @Test
  void noIdentQueryWhenNoRuleNeedsTheUser() throws Exception {
    RuleFiles rules = rules("ALL: 127.0.0.1\n", "ALL: ALL: spawn echo %a %h\n");
    Decision d = policy(rules, identd("alice")).decide("shop", LOCAL, CLIENT, false);
    assertThat(d.granted()).isFalse();
    assertThat(queries.get()).isZero();
    assertThat(d.plan().spawnCommands()).containsExactly("echo 127.0.0.2 127.0.0.2");
  }

  @Test
  void percentUAsksIdentdOnlyThen() throws Exception {
    RuleFiles rules = rules("", "ALL: ALL: spawn echo %u\n");
    Decision d = policy(rules, identd("carol")).decide("shop", LOCAL, CLIENT, false);
    assertThat(d.plan().spawnCommands()).containsExactly("echo carol");
    assertThat(queries.get()).isEqualTo(1);
  }

  @Test
  void withoutIdentTheUserIsUnknown() throws Exception {
    RuleFiles rules = rules("ALL: alice@127.0.0.2\n", "ALL: ALL\n");
    assertThat(policy(rules, null).decide("shop", LOCAL, CLIENT, false).granted()).isFalse();
  }

  @Test
  void aclexecInHostsAllowLetsHostsDenyDecide() throws Exception {
    CorePolicy p =
        policy(
            rules(
                "ALL: 127.0.0.2: aclexec /bin/true: spawn echo one\n",
                "ALL: 127.0.0.2: spawn echo two\n"),
            null);
    Decision d = p.decide("shop", LOCAL, CLIENT, false);
    assertThat(d.granted()).isFalse();
    assertThat(d.ruleRef()).isEqualTo("hosts.deny:1");
    assertThat(d.plan().spawnCommands()).containsExactly("echo one", "echo two");
    p.decide("shop", LOCAL, CLIENT, false);
    assertThat(
            logged().lines().filter(l -> l.contains("option \"aclexec\" is not run inside a JVM")))
        .hasSize(1);

    Decision granted =
        policy(rules("ALL: 127.0.0.2: aclexec /bin/true\n", ""), null)
            .decide("shop", LOCAL, CLIENT, false);
    assertThat(granted.granted()).isTrue();
  }

  @Test
  void processWideNotesAndOptionWarningsAreLoggedOncePerRuleSet() throws Exception {
    RuleFiles rules = rules("ALL: 127.0.0.2: umask 022: spawn echo 100%z\n", "");
    CorePolicy p = policy(rules, null);
    for (int i = 0; i < 3; i++) {
      assertThat(p.decide("shop", LOCAL, CLIENT, false).granted()).isTrue();
    }
    String text = logged();
    assertThat(
            text.lines()
                .filter(l -> l.contains("note: ") && l.contains("option \"umask\" has no effect")))
        .hasSize(1);
    assertThat(text.lines().filter(l -> l.contains("warning: ") && l.contains("unrecognized %z")))
        .hasSize(1);
    assertThat(text).contains(dir.resolve("hosts.allow") + ", line 1: ");
  }

  @Test
  void ruleLintExplainsProcessWideOptions() throws Exception {
    Path allow = Files.writeString(dir.resolve("hosts.allow"), "ALL: ALL: setenv A b: nice 5\n");
    RuleTable t = RuleTableLoader.load(allow, RuleTable.Role.ALLOW);
    assertThat(RuleLint.lint(t))
        .map(Object::toString)
        .anySatisfy(
            s ->
                assertThat(s)
                    .startsWith(
                        "warning: "
                            + allow
                            + ", line 1: option \"setenv\" has no effect inside a JVM: tcpd sets the variable"))
        .anySatisfy(
            s ->
                assertThat(s)
                    .startsWith("warning: " + allow + ", line 1: option \"nice\" has no effect"))
        .noneSatisfy(s -> assertThat(s).contains("is parsed but has no effect"));
  }
}
