package dev.tcpwrap.it.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.it.agent.harness.AgentProcess;
import dev.tcpwrap.it.agent.harness.HostsFiles;
import dev.tcpwrap.it.agent.harness.Jdk;
import dev.tcpwrap.it.agent.harness.Probe;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/deploy.md's fail2ban recipe with Debian's real fail2ban: a login service under the agent
 * logs failed logins; fail2ban, configured by the document's filter and jail snippets, bans the
 * client after three of them through its {@code hostsdeny} action, which appends {@code shop:
 * 127.0.0.2} to the agent's hosts.deny; the agent refuses that client within one second of the ban,
 * and still serves {@code 127.0.0.1}.
 */
class Fail2banRecipeTest {

  static final String FAIL2BAN = "/usr/bin/fail2ban-server";

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
  void failedLoginsBanTheClientThroughTheAgentsHostsDeny(Jdk jdk) throws Exception {
    assertThat(Path.of(FAIL2BAN))
        .as("Debian's fail2ban (scripts/test.sh installs it)")
        .isExecutable();
    HostsFiles rules = HostsFiles.write(dir, "", "# fail2ban appends its bans here\n");
    Path log = Files.writeString(dir.resolve("login.log"), "");

    // fail2ban's configuration: Debian's own, without the packaged jails, plus the document's
    Path conf = dir.resolve("fail2ban");
    copyTree(Path.of("/etc/fail2ban"), conf);
    try (var jails = Files.list(conf.resolve("jail.d"))) {
      for (Path p : jails.toList()) {
        Files.delete(p); // Debian's defaults-debian.conf enables sshd on the journal
      }
    }
    Files.writeString(conf.resolve("fail2ban.d/test.local"), "[DEFAULT]\ndbfile = :memory:\n");
    Snippets doc = Snippets.deployDoc();
    Map<String, String> confDir = Map.of("/etc/fail2ban", conf.toString());
    String filter = doc.get("fail2ban-filter", confDir);
    Files.writeString(Path.of(Snippets.target(filter)), filter);
    String jail =
        doc.get(
            "fail2ban-jail",
            Map.of(
                "/etc/fail2ban",
                conf.toString(),
                "/var/log/shop/login.log",
                log.toString(),
                Snippets.DENY,
                rules.deny().toString()));
    Path jailFile = Path.of(Snippets.target(jail));
    assertThat(jailFile.getParent()).isEqualTo(conf.resolve("jail.d"));
    Files.writeString(jailFile, jail);

    try (AgentProcess app =
            AgentProcess.builder(jdk, LoginServer.class)
                .agentArgs("daemon=shop," + rules.agentArgs())
                .args(log.toString())
                .start();
        Script fail2ban =
            Script.start(
                jdk,
                dir,
                List.of(
                    FAIL2BAN,
                    "-f",
                    "-x",
                    "-c",
                    conf.toString(),
                    "-s",
                    dir.resolve("f2b.sock").toString(),
                    "-p",
                    dir.resolve("f2b.pid").toString(),
                    "--logtarget",
                    "STDERR",
                    "--loglevel",
                    "INFO"),
                Map.of())) {
      fail2ban.await(l -> l.contains("Jail 'shop-login' started"), Duration.ofSeconds(60));
      int port = app.port();
      assertThat(login("127.0.0.1", port, "secret")).isEqualTo("WELCOME\n");

      for (int i = 0; i < 3; i++) {
        assertThat(login("127.0.0.2", port, "guess" + i)).isEqualTo("DENIED\n");
      }
      long t0 = awaitChange(rules.deny(), fail2ban);
      fail2ban.await(l -> l.contains("[shop-login] Ban 127.0.0.2"), Duration.ofSeconds(5));

      long ms;
      while (true) {
        boolean refused = login("127.0.0.2", port, "secret").isEmpty();
        ms = (System.nanoTime() - t0) / 1_000_000;
        if (refused) {
          break;
        }
        assertThat(ms).as("127.0.0.2 still served %d ms after the ban", ms).isLessThan(5000);
        Thread.sleep(10);
      }
      assertThat(ms).as("ban took effect after %d ms", ms).isLessThanOrEqualTo(1000);
      assertThat(Files.readAllLines(rules.deny())).endsWith("shop: 127.0.0.2");
      app.awaitStderr(
          l -> l.equals("shop[" + app.pid() + "]: refused connect from 127.0.0.2 (127.0.0.2)"),
          Duration.ofSeconds(5));
      app.awaitStderr(
          l -> l.contains("info: reloaded " + rules.deny() + ": 1 rule (+1 -0)"),
          Duration.ofSeconds(5));
      assertThat(login("127.0.0.1", port, "secret")).isEqualTo("WELCOME\n");
      assertThat(Files.readString(log)).doesNotContain("127.0.0.1");

      // the ban ends (here at once, by fail2ban-client): the action's sed -i takes the line out
      Process unban =
          new ProcessBuilder(
                  "/usr/bin/fail2ban-client",
                  "-s",
                  dir.resolve("f2b.sock").toString(),
                  "set",
                  "shop-login",
                  "unbanip",
                  "127.0.0.2")
              .redirectErrorStream(true)
              .start();
      String said = new String(unban.getInputStream().readAllBytes());
      assertThat(unban.waitFor()).as(said).isZero();
      assertThat(Files.readAllLines(rules.deny())).doesNotContain("shop: 127.0.0.2");
      long t1 = System.nanoTime();
      long ms2;
      while (true) {
        boolean served = login("127.0.0.2", port, "secret").equals("WELCOME\n");
        ms2 = (System.nanoTime() - t1) / 1_000_000;
        if (served) {
          break;
        }
        assertThat(ms2).as("127.0.0.2 still refused %d ms after the unban", ms2).isLessThan(5000);
        Thread.sleep(10);
      }
      assertThat(ms2).as("unban took effect after %d ms", ms2).isLessThanOrEqualTo(1000);
      app.awaitStderr(
          l -> l.contains("info: reloaded " + rules.deny() + ": 0 rules (+0 -1)"),
          Duration.ofSeconds(5));
    }
  }

  /** One login from {@code source}; @return the answer, empty if the connection was refused */
  static String login(String source, int port, String password) throws IOException {
    return Probe.exchange(source, port, "LOGIN bob " + password + "\n", false).received();
  }

  /**
   * Waits for fail2ban's ban to change hosts.deny.
   *
   * @return System.nanoTime() when the change was seen
   */
  static long awaitChange(Path deny, Script fail2ban) throws Exception {
    String before = Files.readString(deny);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      if (!Files.readString(deny).equals(before)) {
        return System.nanoTime();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "fail2ban did not change " + deny + ": " + before + "\nfail2ban:\n" + fail2ban.text());
      }
      Thread.sleep(5);
    }
  }

  static void copyTree(Path from, Path to) throws IOException {
    Files.walkFileTree(
        from,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a)
              throws IOException {
            Files.createDirectories(to.resolve(from.relativize(d).toString()));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
            Files.copy(f, to.resolve(from.relativize(f).toString()));
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
