package dev.tcpwrap.it.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tcpwrap.it.agent.harness.AgentProcess;
import dev.tcpwrap.it.agent.harness.HostsFiles;
import dev.tcpwrap.it.agent.harness.Jdk;
import dev.tcpwrap.it.agent.harness.Probe;
import dev.tcpwrap.it.agent.servers.JdkServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A read-only transformed-class cache (issue 12, "Class cache"): root prepares it with {@code java
 * -jar tcpwrap.jar cache --prepare DIR}; a server running as another user ({@code nobody}) with
 * {@code cache=readonly:DIR} instruments the JDK from it without Byte Buddy and without writing a
 * byte there, and refuses a prepared cache it could write itself (then instruments with Byte Buddy,
 * still without writing, and stays protected). Needs root and {@code setpriv}.
 */
class PreparedCacheTest {

  static final String USER = "nobody";
  static final String GROUP = "nogroup";

  /** World-traversable (a JUnit temporary directory is not): nobody must reach the files. */
  static Path base;

  static HostsFiles rules;

  @BeforeAll
  static void setUp() throws Exception {
    assumeTrue(
        "root".equals(System.getProperty("user.name"))
            && Files.isExecutable(Path.of("/usr/bin/setpriv")),
        "needs root and setpriv to run a JVM as another user");
    base = Files.createTempDirectory("tcpwrap-prepared-");
    Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
    rules = HostsFiles.denying127002(base);
  }

  @AfterAll
  static void tearDown() throws IOException {
    if (base != null) {
      try (Stream<Path> s = Files.walk(base)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
  void anotherUserInstrumentsFromThePreparedCacheWithoutWriting(Jdk jdk) throws Exception {
    Path cache = prepared(jdk, "ok");
    List<String> before = snapshot(cache);
    try (AgentProcess p = serverAsNobody(jdk, cache)) {
      refuses127002(p);
      assertThat(p.stderr())
          .anyMatch(l -> l.endsWith("(prepared, read-only)"))
          .anyMatch(l -> l.endsWith("debug: instrumented java.net.ServerSocket (from the cache)"))
          .noneMatch(l -> l.contains("Byte Buddy set up"))
          .noneMatch(l -> l.contains("not using"));
    }
    assertThat(snapshot(cache)).as("nothing written").isEqualTo(before);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
  void aPreparedCacheTheRunningUserCouldWriteIsNotTrusted(Jdk jdk) throws Exception {
    Path owned = prepared(jdk, "owned");
    chown(owned, USER);
    Path shared = prepared(jdk, "shared");
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
    for (Path cache : List.of(owned, shared)) {
      List<String> before = snapshot(cache);
      try (AgentProcess p = serverAsNobody(jdk, cache)) {
        refuses127002(p);
        assertThat(p.stderr())
            .anyMatch(
                l ->
                    l.contains("warning: not using the prepared read-only cache: " + cache)
                        && l.contains(
                            cache == owned
                                ? "is owned by the running user"
                                : "is writable by others (mode 777)"))
            .noneMatch(l -> l.contains("(from the cache)"))
            .anyMatch(l -> l.endsWith("debug: instrumented java.net.ServerSocket"));
      }
      assertThat(snapshot(cache)).as("nothing written to %s", cache).isEqualTo(before);
    }
  }

  private static Path prepared(Jdk jdk, String name) throws Exception {
    Path cache = base.resolve(name + "-" + jdk.feature());
    Cli.Result r = Cli.tcpwrap(jdk, "cache", "--prepare", cache.toString());
    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("tcpwrap cache: prepared ")
        .contains("start the agent with cache=readonly:" + cache);
    return cache;
  }

  private static AgentProcess serverAsNobody(Jdk jdk, Path cache) throws Exception {
    return AgentProcess.builder(jdk, JdkServer.class)
        .asUser(USER, GROUP)
        .agentArgs("daemon=ro,log-level=debug,cache=readonly:" + cache + "," + rules.agentArgs())
        .args("PLAIN")
        .start();
  }

  private static void refuses127002(AgentProcess p) throws Exception {
    assertThat(Probe.plain("127.0.0.2", p.port()).gotBytes()).isFalse();
    assertThat(Probe.plain("127.0.0.1", p.port()).received()).isEqualTo("HELLO 127.0.0.1\n");
    p.awaitStderr(
        l -> l.equals("ro[" + p.pid() + "]: refused connect from 127.0.0.2 (127.0.0.2)"),
        Duration.ofSeconds(5));
  }

  // every path below the cache with its size, mode and modification time
  private static List<String> snapshot(Path cache) throws IOException {
    try (Stream<Path> s = Files.walk(cache)) {
      return s.sorted()
          .map(
              p -> {
                try {
                  return p
                      + " "
                      + Files.size(p)
                      + " "
                      + PosixFilePermissions.toString(Files.getPosixFilePermissions(p))
                      + " "
                      + Files.getLastModifiedTime(p).toMillis();
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              })
          .toList();
    }
  }

  private static void chown(Path tree, String user) throws Exception {
    Process p = new ProcessBuilder("chown", "-R", user, tree.toString()).inheritIO().start();
    assertThat(p.waitFor()).isZero();
  }
}
