package dev.tcpwrap.it.frameworks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.it.agent.harness.AgentJar;
import dev.tcpwrap.it.agent.harness.AgentProcess;
import dev.tcpwrap.it.agent.harness.HostsFiles;
import dev.tcpwrap.it.agent.harness.Jdk;
import dev.tcpwrap.it.agent.harness.Probe;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import net.bytebuddy.jar.asm.ClassReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 9, item 4: where a native acceptor's code is not what the agent expects (a future Netty),
 * the agent names the class and the property that switches to NIO, and the server keeps working.
 *
 * <p>A real Netty 4.2 epoll server ({@link Framework#NETTY_EPOLL}) is made to look like such a
 * Netty by a second, test-only agent on the command line before tcpwrap's ({@link
 * FutureNettyAgent}, a jar built here): it renames the method tcpwrap hooks, {@code
 * io.netty.channel.unix.Socket.accept(byte[])}, and Netty's call of it. Then, on every configured
 * JDK, tcpwrap's warning is logged once, naming the server channel class, "NOT checked" and {@code
 * -Dio.netty.transport.noNative=true}; the server serves clients from 127.0.0.1 and from 127.0.0.2
 * (denied by the rules, but, as the warning says, not checked) without an exception. The control
 * runs the same test agent with the same classes copied through ASM but not renamed: 127.0.0.2 is
 * refused, so the warning comes from the renaming, not from the second agent.
 */
class FutureNettyTest {

  private static final String DAEMON = "futurenetty";
  private static final String WARNING_TEXT = "accepts connections in native code";
  private static final int CLIENTS = 3;
  private static final int PROBE_TIMEOUT_MS = 5_000;

  @TempDir static Path dir;

  static HostsFiles rules;
  static Path testAgent;

  @BeforeAll
  static void setUp() throws Exception {
    rules = HostsFiles.denying127002(dir);
    testAgent = writeTestAgentJar(dir.resolve("future-netty-agent.jar"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
  void unexpectedCodeIsNamedAndTheServerKeepsWorking(Jdk jdk) throws Exception {
    try (AgentProcess p = start(jdk, "rename")) {
      FrameworkCheck.assertSetUp(p, Framework.NETTY_EPOLL);
      assertThat(p.stdout())
          .as("the test agent renamed the method and Netty's call of it")
          .contains("FUTURE-NETTY renamed io/netty/channel/unix/Socket declaration 0 call sites")
          .anyMatch(l -> l.matches("FUTURE-NETTY renamed io/netty/\\S+ [1-9]\\d* call sites"))
          .noneMatch(l -> l.startsWith("FUTURE-NETTY failed"));

      for (int i = 0; i < CLIENTS; i++) {
        for (String source : List.of("127.0.0.1", "127.0.0.2")) {
          Probe.Result r = Clients.httpGet(source, p.port(), PROBE_TIMEOUT_MS);
          assertThat(r.received())
              .as("client %d from %s; stdout %s; stderr %s", i, source, p.stdout(), p.stderr())
              .startsWith("HTTP/1.1 200")
              .endsWith("\r\n\r\nHELLO " + source + "\n");
        }
      }

      String warning =
          p.awaitStderr(l -> l.contains(WARNING_TEXT), Duration.ofSeconds(10))
              .replaceFirst("^tcpwrap\\[" + p.pid() + "\\]: ", "");
      Thread.sleep(300); // a second warning would come right after the first; the pumps catch up
      assertThat(FrameworkCheck.count(p.stderr(), WARNING_TEXT)).as("warnings").isEqualTo(1);
      assertThat(FrameworkCheck.count(p.stdout(), "ACCEPT 127.0.0.2"))
          .as("requests from 127.0.0.2 the application handled")
          .isEqualTo(CLIENTS);
      assertThat(warning)
          .startsWith(
              "warning: io.netty.channel.epoll.EpollServerSocketChannel accepts connections in"
                  + " native code and its code is not what the agent expects")
          .contains("NOT checked")
          .contains("-Dio.netty.transport.noNative=true");
      assertThat(p.stderr())
          .as("no connection was decided (they are not checked)")
          .noneMatch(l -> l.startsWith(DAEMON + "["));
      assertThat(p.stderr())
          .as("the warning is all the agent says: code it does not know is no error of its own")
          .noneMatch(l -> l.startsWith("tcpwrap[" + p.pid() + "]: error"));

      assertThat(p.stdout())
          .as("the server's output")
          .noneMatch(l -> l.startsWith("FAILED"))
          .noneMatch(l -> FrameworkCheck.FRAMEWORK_ERROR.matcher(l).find());
      assertThat(p.stderr())
          .as("the server's log (the agent's own lines aside)")
          .filteredOn(l -> !l.startsWith("tcpwrap[" + p.pid() + "]: "))
          .noneMatch(l -> FrameworkCheck.FRAMEWORK_ERROR.matcher(l).find());
      System.out.printf("%s: %s%n  agent lines: %s%n", jdk, warning, agentLines(p));
    }
  }

  /**
   * The control: the same two agents, the same classes written by the test agent, names unchanged:
   * 127.0.0.2 is refused and there is no warning.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
  void withoutTheRenamingTheSameServerIsChecked(Jdk jdk) throws Exception {
    try (AgentProcess p = start(jdk, "copy")) {
      FrameworkCheck.assertSetUp(p, Framework.NETTY_EPOLL);
      assertThat(p.stdout())
          .as("the test agent wrote the same classes")
          .contains("FUTURE-NETTY copied io/netty/channel/unix/Socket declaration 0 call sites")
          .anyMatch(l -> l.matches("FUTURE-NETTY copied io/netty/\\S+ [1-9]\\d* call sites"))
          .noneMatch(l -> l.startsWith("FUTURE-NETTY failed"));

      Probe.Result served = Clients.httpGet("127.0.0.1", p.port(), PROBE_TIMEOUT_MS);
      assertThat(served.received()).endsWith("\r\n\r\nHELLO 127.0.0.1\n");
      Probe.Result refused = Clients.httpGet("127.0.0.2", p.port(), PROBE_TIMEOUT_MS);
      assertThat(refused.received()).as("refused client got bytes").isEmpty();
      assertThat(refused.end()).isNotEqualTo(Probe.End.TIMEOUT);
      p.awaitStderr(
          l -> l.equals(DAEMON + "[" + p.pid() + "]: " + FrameworkCheck.REFUSED_LINE),
          Duration.ofSeconds(10));

      assertThat(p.stderr()).noneMatch(l -> l.contains(WARNING_TEXT));
      assertThat(p.stdout()).noneMatch(l -> l.contains("127.0.0.2"));
      System.out.printf("%s control: agent lines: %s%n", jdk, agentLines(p));
    }
  }

  // the test agent first, then tcpwrap's: the order a user would have with another agent
  private static AgentProcess start(Jdk jdk, String mode) throws IOException {
    return Framework.NETTY_EPOLL
        .launcher(jdk)
        .withoutAgent()
        .jvmArgs(
            "-javaagent:" + testAgent + "=" + mode,
            "-javaagent:"
                + AgentJar.path()
                + "=daemon="
                + DAEMON
                + ",log-allowed=true,"
                + rules.agentArgs())
        .start();
  }

  private static List<String> agentLines(AgentProcess p) {
    return p.stderr().stream()
        .filter(l -> l.startsWith("tcpwrap[") && !l.contains("effective configuration"))
        .toList();
  }

  /**
   * The test agent's jar: its classes from the test classes, and the ASM it is compiled against
   * (Byte Buddy's repackaged copy, not on the server's class path).
   */
  static Path writeTestAgentJar(Path jar) throws IOException, URISyntaxException {
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    m.getMainAttributes()
        .put(new Attributes.Name("Premain-Class"), FutureNettyAgent.class.getName());
    String agentDir = FutureNettyAgent.class.getPackageName().replace('.', '/') + "/";
    String agentName = FutureNettyAgent.class.getSimpleName();
    Path classes = codeSource(FutureNettyAgent.class);
    Path byteBuddy = codeSource(ClassReader.class);
    String asm = ClassReader.class.getPackageName().replace('.', '/') + "/";
    int asmClasses = 0;
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), m)) {
      try (Stream<Path> s = Files.list(classes.resolve(agentDir))) {
        for (Path c : s.toList()) {
          String n = c.getFileName().toString();
          if (n.equals(agentName + ".class") || n.startsWith(agentName + "$")) {
            out.putNextEntry(new JarEntry(agentDir + n));
            Files.copy(c, out);
            out.closeEntry();
          }
        }
      }
      try (JarFile bb = new JarFile(byteBuddy.toFile())) {
        for (JarEntry e : bb.stream().toList()) {
          if (e.getName().startsWith(asm) && e.getName().endsWith(".class")) {
            out.putNextEntry(new JarEntry(e.getName()));
            try (InputStream in = bb.getInputStream(e)) {
              in.transferTo(out);
            }
            out.closeEntry();
            asmClasses++;
          }
        }
      }
    }
    if (asmClasses == 0) {
      throw new IllegalStateException("no " + asm + " classes in " + byteBuddy);
    }
    return jar;
  }

  private static Path codeSource(Class<?> c) throws URISyntaxException {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}
