package dev.tcpwrap.it.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.it.agent.harness.AgentJar;
import dev.tcpwrap.it.agent.harness.AgentProcess;
import dev.tcpwrap.it.agent.harness.HostsFiles;
import dev.tcpwrap.it.agent.harness.Jdk;
import dev.tcpwrap.it.agent.harness.Probe;
import dev.tcpwrap.it.agent.servers.JdkServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The recipes of {@code docs/deploy.md} that run on this machine, each from the document's own
 * snippet: Tomcat's {@code setenv.sh}, Jetty home with and without a forked JVM, a Spring Boot fat
 * jar on the command line and through {@code JAVA_TOOL_OPTIONS}. Each checks an allowed client
 * ({@code 127.0.0.1}) and a refused one ({@code 127.0.0.2}) against the real distribution or jar
 * under the real agent jar.
 */
class DeployRecipesTest {

  static final Duration START = Duration.ofSeconds(60);

  @TempDir Path dir;

  /** The distributions the POM copies ({@code it-lib/dist}). */
  static Path dist(String name) {
    Path p = Path.of(System.getProperty("tcpwrap.it.lib", "target/it-lib"), "dist", name);
    if (!Files.isRegularFile(p)) {
      throw new IllegalStateException(p + " missing: the POM's deploy-dist execution copies it");
    }
    return p;
  }

  /** Unpacks a tar.gz into {@code into}; @return the one directory it made */
  static Path untar(Path tgz, Path into) throws Exception {
    Files.createDirectories(into);
    Process p =
        new ProcessBuilder("tar", "-xzf", tgz.toString(), "-C", into.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as("tar: %s", out).isZero();
    try (Stream<Path> s = Files.list(into)) {
      List<Path> dirs = s.filter(Files::isDirectory).toList();
      assertThat(dirs).hasSize(1);
      return dirs.get(0);
    }
  }

  /** The placeholders every snippet here has: the jar and the rule files. */
  Map<String, String> placeholders(HostsFiles rules) {
    Map<String, String> m = new HashMap<>();
    m.put(Snippets.JAR, AgentJar.path().toString());
    m.put(Snippets.ALLOW, rules.allow().toString());
    m.put(Snippets.DENY, rules.deny().toString());
    return m;
  }

  /**
   * Every block the document marks as a snippet is run by a test here (a marked block no test runs
   * would look tested), and every snippet the tests run is there.
   */
  @org.junit.jupiter.api.Test
  void everyMarkedSnippetIsRun() throws Exception {
    assertThat(Snippets.deployDoc().names())
        .containsExactlyInAnyOrder(
            "tomcat-setenv",
            "jetty-command-line",
            "jetty-trap-jvm-ini",
            "jetty-start-d",
            "spring-boot-command-line",
            "spring-boot-java-tool-options",
            "spring-boot-maven-plugin",
            "systemd-drop-in",
            "fail2ban-filter",
            "fail2ban-jail");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
  void tomcatSetenv(Jdk jdk) throws Exception {
    HostsFiles rules = HostsFiles.denying127002(dir);
    Path home = untar(dist("tomcat.tar.gz"), dir.resolve("dist"));
    Path base = dir.resolve("base");
    for (String d : List.of("conf", "logs", "temp", "webapps", "work", "bin")) {
      Files.createDirectories(base.resolve(d));
    }
    try (Stream<Path> conf = Files.list(home.resolve("conf"))) {
      for (Path f : conf.filter(Files::isRegularFile).toList()) {
        Files.copy(f, base.resolve("conf").resolve(f.getFileName()));
      }
    }
    Net.retryingPorts(
        () -> {
          int[] ports = Net.freePorts(2);
          int http = ports[0];
          int shutdown = ports[1];
          Path serverXml = base.resolve("conf/server.xml");
          String xml = Files.readString(serverXml);
          assertThat(xml).contains("port=\"8080\"", "port=\"8005\"");
          Files.writeString(
              serverXml,
              xml.replace("port=\"8080\"", "port=\"" + http + "\"")
                  .replace("port=\"8005\"", "port=\"" + shutdown + "\""));

          String setenv = Snippets.deployDoc().get("tomcat-setenv", placeholders(rules));
          assertThat(Snippets.target(setenv)).isEqualTo("$CATALINA_BASE/bin/setenv.sh");
          Files.writeString(base.resolve("bin/setenv.sh"), setenv);

          try (Script tomcat =
              Script.start(
                  jdk,
                  base,
                  List.of("sh", home.resolve("bin/catalina.sh").toString(), "run"),
                  Map.of("CATALINA_HOME", home.toString(), "CATALINA_BASE", base.toString()))) {
            Net.awaitHttp(http, START, tomcat);
            long pid = Net.listenerPids(http).iterator().next();
            tomcat.await(
                l -> l.equals("tcpwrap[" + pid + "]: info: loaded " + rules.deny() + ": 1 rule"),
                START);

            assertThat(Net.get("127.0.0.1", http)).startsWith("HTTP/1.1 404 ");
            assertThat(Net.get("127.0.0.2", http)).as("refused: not a byte").isEmpty();
            tomcat.await(
                l -> l.equals(refused("tomcat", pid, "::ffff:127.0.0.2")), Duration.ofSeconds(5));
            // the shutdown port is a ServerSocket too (bound to localhost, so an IPv4 client)
            assertThat(Net.get("127.0.0.2", shutdown)).isEmpty();
            tomcat.awaitCount(
                l -> l.startsWith("tomcat[" + pid + "]: refused connect from"),
                2,
                Duration.ofSeconds(5));
            assertThat(tomcat.lines()).noneMatch(l -> l.contains("refused connect from 127.0.0.1"));
          }
        });
  }

  /** A Jetty base with the http module. */
  static void jettyBase(Jdk jdk, Path home, Path base) throws Exception {
    Files.createDirectories(base);
    try (Script add =
        Script.start(
            jdk,
            base,
            List.of(
                jdk.java().toString(),
                "-jar",
                home.resolve("start.jar").toString(),
                "--add-modules=http"),
            Map.of())) {
      assertThat(add.awaitExit(START)).as(add.text()).isZero();
    }
  }

  /** Sets a free port in the base's {@code start.d/http.ini}; @return the port */
  static int jettyPort(Path base) throws IOException {
    Path ini = base.resolve("start.d/http.ini");
    String kept =
        Files.readAllLines(ini).stream()
            .filter(l -> !l.startsWith("jetty.http.port="))
            .map(l -> l + "\n")
            .collect(java.util.stream.Collectors.joining());
    int port = Net.freePort();
    Files.writeString(ini, kept + "jetty.http.port=" + port + "\n");
    return port;
  }

  /** An unpacked Jetty home, a base made for {@code jdk}, and the document's placeholders. */
  private record Jetty(Path home, Path base, Map<String, String> placeholders) {}

  private Jetty jetty(Jdk jdk) throws Exception {
    HostsFiles rules = HostsFiles.denying127002(dir);
    Path home = untar(dist("jetty-home.tar.gz"), dir.resolve("dist"));
    Path base = dir.resolve("base");
    jettyBase(jdk, home, base);
    return new Jetty(home, base, jettyPlaceholders(rules, home, base));
  }

  /** tcpd's line for a refusal of {@code client} by JVM {@code pid}. */
  private static String refused(String daemon, long pid, String client) {
    return daemon + "[" + pid + "]: refused connect from " + client + " (" + client + ")";
  }

  /** Jetty's placeholders: the jar, the rules, home and base. */
  Map<String, String> jettyPlaceholders(HostsFiles rules, Path home, Path base) {
    Map<String, String> m = placeholders(rules);
    m.put("/opt/jetty-home", home.toString());
    m.put("/var/lib/jetty-base", base.toString());
    return m;
  }

  /** Writes an ini snippet where its first line says, under the base. */
  static void writeIni(String ini, Path base) throws IOException {
    Path target = Path.of(Snippets.target(ini));
    assertThat(target.getParent()).isEqualTo(base.resolve("start.d"));
    Files.writeString(target, ini);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
  void jettyCommandLineWithoutFork(Jdk jdk) throws Exception {
    Jetty setup = jetty(jdk);
    Path home = setup.home();
    Path base = setup.base();
    Map<String, String> ph = setup.placeholders();
    String cmd = Snippets.deployDoc().get("jetty-command-line", ph);

    Net.retryingPorts(
        () -> {
          int port = jettyPort(base);
          try (Script jetty = Script.sh(jdk, dir, cmd, Map.of())) {
            Net.awaitHttp(port, START, jetty);
            Set<Long> pids = Net.listenerPids(port);
            assertThat(jetty.lines()).noneMatch(l -> l.contains("Forking second JVM"));
            assertThat(Net.get("127.0.0.1", port)).startsWith("HTTP/1.1 404 ");
            assertThat(Net.get("127.0.0.2", port)).isEmpty();
            long pid = pids.iterator().next();
            jetty.await(
                l -> l.equals(refused("jetty", pid, "::ffff:127.0.0.2")), Duration.ofSeconds(5));
          }
        });
  }

  /**
   * The trap the document describes: an ini with {@code --exec} makes start.jar fork, and the agent
   * of the outer command line stays in the launcher: the server serves the banned client. If this
   * test fails, Jetty no longer forks there and the document must change.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
  void jettyForkedJvmTrap(Jdk jdk) throws Exception {
    Jetty setup = jetty(jdk);
    Path home = setup.home();
    Path base = setup.base();
    Map<String, String> ph = setup.placeholders();
    Snippets doc = Snippets.deployDoc();
    writeIni(doc.get("jetty-trap-jvm-ini", Map.of("/var/lib/jetty-base", base.toString())), base);
    String cmd = doc.get("jetty-command-line", ph);

    Net.retryingPorts(
        () -> {
          int port = jettyPort(base);
          try (Script jetty = Script.sh(jdk, dir, cmd, Map.of())) {
            Net.awaitHttp(port, START, jetty);
            long server = Net.listenerPids(port).iterator().next();
            jetty.await(l -> l.contains("Forking second JVM"), Duration.ofSeconds(5));
            String start =
                jetty.await(l -> l.matches("tcpwrap\\[\\d+\\]: info: premain done.*"), START);
            assertThat(start)
                .as("the agent started, in the launcher")
                .doesNotStartWith("tcpwrap[" + server + "]");
            assertThat(Net.get("127.0.0.2", port))
                .as("served: the agent is not in the server's JVM")
                .startsWith("HTTP/1.1 404 ");
            assertThat(jetty.lines()).noneMatch(l -> l.contains("refused connect"));
          }
        });
  }

  /** The fix: the agent in {@code start.d/tcpwrap.ini}, so in the forked server JVM. */
  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
  void jettyStartDFix(Jdk jdk) throws Exception {
    Jetty setup = jetty(jdk);
    Path home = setup.home();
    Path base = setup.base();
    Map<String, String> ph = setup.placeholders();
    Snippets doc = Snippets.deployDoc();
    // with the trap's jvm.ini too: the fix must hold where something else forces the fork
    writeIni(doc.get("jetty-trap-jvm-ini", Map.of("/var/lib/jetty-base", base.toString())), base);
    ph.remove("/opt/jetty-home"); // the ini names the base only
    writeIni(doc.get("jetty-start-d", ph), base);

    Net.retryingPorts(
        () -> {
          int port = jettyPort(base);
          try (Script jetty =
              Script.start(
                  jdk,
                  base,
                  List.of(jdk.java().toString(), "-jar", home.resolve("start.jar").toString()),
                  Map.of())) {
            Net.awaitHttp(port, START, jetty);
            long server = Net.listenerPids(port).iterator().next();
            assertThat(server)
                .as("the server runs in a forked JVM")
                .isNotEqualTo(jetty.process().pid());
            jetty.await(l -> l.startsWith("tcpwrap[" + server + "]: info: premain done"), START);
            assertThat(Net.get("127.0.0.1", port)).startsWith("HTTP/1.1 404 ");
            assertThat(Net.get("127.0.0.2", port)).isEmpty();
            jetty.await(
                l -> l.equals(refused("jetty", server, "::ffff:127.0.0.2")), Duration.ofSeconds(5));
          }
        });
  }

  /**
   * The systemd drop-in's environment, as systemd sets it (the unit itself needs systemd as init,
   * which the test machines lack): its {@code Environment=} lines for a server JVM, and the cache
   * directory {@code CacheDirectory=} makes ({@code 0755}, the user's).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
  void systemdDropIn(Jdk jdk) throws Exception {
    HostsFiles rules = HostsFiles.denying127002(dir);
    Path cache = dir.resolve("var-cache/tcpwrap");
    Map<String, String> ph = placeholders(rules);
    ph.put("/var/cache/tcpwrap", cache.toString());
    String dropIn = Snippets.deployDoc().get("systemd-drop-in", ph);
    assertThat(dropIn.lines()).contains("[Service]", "CacheDirectory=tcpwrap");
    Files.createDirectories(cache);
    Files.setPosixFilePermissions(
        cache, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));

    AgentProcess.Builder b =
        AgentProcess.builder(jdk, JdkServer.class).withoutAgent().args("PLAIN");
    int vars = 0;
    for (String l : dropIn.lines().toList()) {
      if (l.startsWith("Environment=")) {
        // systemd: Environment="NAME=VALUE", the quotes around the whole assignment
        String assignment = l.substring("Environment=".length());
        assertThat(assignment).startsWith("\"").endsWith("\"");
        assignment = assignment.substring(1, assignment.length() - 1);
        int eq = assignment.indexOf('=');
        b.env(assignment.substring(0, eq), assignment.substring(eq + 1));
        vars++;
      }
    }
    assertThat(vars).isEqualTo(2);
    try (AgentProcess p = b.start()) {
      assertThat(p.stderr())
          .anyMatch(l -> l.startsWith("Picked up JAVA_TOOL_OPTIONS: -javaagent:"));
      assertThat(Probe.plain("127.0.0.1", p.port()).received()).isEqualTo("HELLO 127.0.0.1\n");
      assertThat(Probe.plain("127.0.0.2", p.port()).gotBytes()).isFalse();
      p.awaitStderr(l -> l.equals(refused("shop", p.pid(), "127.0.0.2")), Duration.ofSeconds(5));
      p.awaitStderr(
          l -> l.contains("cache=" + cache + " (env TCPWRAP_CACHE)"), Duration.ofSeconds(5));
      assertThat(p.stderr()).noneMatch(l -> l.contains("not using the transformed-class cache"));
    }
    try (Stream<Path> files = Files.walk(cache)) {
      assertThat(files.filter(f -> f.toString().endsWith(".class")).count())
          .as("classes cached in the CacheDirectory")
          .isPositive();
    }
  }

  /** The Spring Boot fat jar of {@code apps/webflux}. */
  static Path bootJar() {
    Path jar =
        Path.of(
            System.getProperty(
                "tcpwrap.it.webflux.jar", "apps/webflux/target/tcpwrap-it-webflux.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " missing: apps/webflux is built before this module");
    }
    return jar.toAbsolutePath();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("bootSnippets")
  void springBoot(Jdk jdk, String snippet) throws Exception {
    HostsFiles rules = HostsFiles.denying127002(dir);
    Map<String, String> ph = placeholders(rules);
    ph.put("/opt/shop/shop.jar", bootJar().toString());
    String cmd = Snippets.deployDoc().get(snippet, ph);

    try (Script boot = Script.sh(jdk, dir, cmd, Map.of())) {
      String ready = boot.await(l -> l.startsWith("READY "), START);
      int port = Integer.parseInt(ready.substring(6).trim());
      long pid = Net.listenerPids(port).iterator().next();
      assertThat(Net.get("127.0.0.1", port))
          .startsWith("HTTP/1.0 200 ")
          .endsWith("HELLO 127.0.0.1\n");
      assertThat(Net.get("127.0.0.2", port)).isEmpty();
      boot.await(l -> l.equals(refused("shop", pid, "127.0.0.2")), Duration.ofSeconds(5));
      assertThat(boot.lines()).noneMatch(l -> l.startsWith("ACCEPT 127.0.0.2"));
      if (snippet.contains("tool-options")) {
        assertThat(boot.lines())
            .anyMatch(l -> l.startsWith("Picked up JAVA_TOOL_OPTIONS: -javaagent:"));
      }
    }
  }

  /**
   * The Maven plugin's {@code jvmArguments}: {@code mvn spring-boot:run} on a copy of {@code
   * apps/webflux} whose {@code spring-boot-maven-plugin} has the document's configuration, offline
   * (the reactor has fetched the plugin already). One JDK: a Maven build and a Spring Boot start
   * take tens of seconds, and the forked JVM gets the same flag as the command-line test, which
   * runs on each JDK.
   */
  @org.junit.jupiter.api.Test
  void springBootMavenPluginJvmArguments() throws Exception {
    Jdk jdk = Jdk.all().get(0);
    HostsFiles rules = HostsFiles.denying127002(dir);
    String plugin = Snippets.deployDoc().get("spring-boot-maven-plugin", placeholders(rules));
    assertThat(plugin)
        .contains(
            "<groupId>org.springframework.boot</groupId>",
            "<artifactId>spring-boot-maven-plugin</artifactId>");
    String configuration =
        plugin.substring(
            plugin.indexOf("<configuration>"),
            plugin.indexOf("</configuration>") + "</configuration>".length());

    Path app =
        Path.of(System.getProperty("tcpwrap.it.webflux.dir", "apps/webflux")).toAbsolutePath();
    Path project = dir.resolve("shop");
    Files.createDirectories(project);
    Fail2banRecipeTest.copyTree(app.resolve("src"), project.resolve("src"));
    String pom = Files.readString(app.resolve("pom.xml"));
    Path parent = app.resolve("../../../pom.xml").normalize();
    String version = "<version>${version.it.springboot}</version>\n        <executions>";
    assertThat(pom).contains("<relativePath>../../../pom.xml</relativePath>", version);
    pom =
        pom.replace(
                "<relativePath>../../../pom.xml</relativePath>",
                "<relativePath>" + project.relativize(parent) + "</relativePath>")
            .replace(
                version,
                "<version>${version.it.springboot}</version>\n"
                    + configuration
                    + "\n        <executions>");
    Files.writeString(project.resolve("pom.xml"), pom);

    try (Script mvn =
        Script.start(
            jdk,
            project,
            List.of("mvn", "-B", "-o", "-q", "-Dtcpwrap.target=target", "spring-boot:run"),
            Map.of())) {
      String ready = mvn.await(l -> l.startsWith("READY "), Duration.ofSeconds(180));
      int port = Integer.parseInt(ready.substring(6).trim());
      long pid = Net.listenerPids(port).iterator().next();
      assertThat(pid)
          .as("the application runs in a JVM Maven forked")
          .isNotEqualTo(mvn.process().pid());
      assertThat(Net.get("127.0.0.1", port))
          .startsWith("HTTP/1.0 200 ")
          .endsWith("HELLO 127.0.0.1\n");
      assertThat(Net.get("127.0.0.2", port)).isEmpty();
      mvn.await(l -> l.equals(refused("shop", pid, "127.0.0.2")), Duration.ofSeconds(5));
    }
  }

  static Stream<org.junit.jupiter.params.provider.Arguments> bootSnippets() {
    return Jdk.withEach(List.of("spring-boot-command-line", "spring-boot-java-tool-options"));
  }
}
