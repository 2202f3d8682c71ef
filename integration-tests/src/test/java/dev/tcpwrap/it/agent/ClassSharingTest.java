package dev.tcpwrap.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.it.agent.harness.AgentProcess;
import dev.tcpwrap.it.agent.harness.HostsFiles;
import dev.tcpwrap.it.agent.harness.Jdk;
import dev.tcpwrap.it.agent.servers.SharedClassesApp;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An application's own AppCDS archive keeps working under the agent (issue 10, item 6): its classes
 * are loaded from the archive and the JVM prints no "Sharing is only supported for boot loader
 * classes" warning, because the agent defines its bootstrap classes in the boot loader instead of
 * appending a jar to the boot class path. The agent's fallback, which appends (forced here with
 * {@code -Ddev.tcpwrap.agent.boot=append}), is the control: the warning, and the application's
 * classes read from its jar again.
 *
 * <p>The archive is a static one ({@code -Xshare:dump} over the class list of a run), dumped with
 * {@code --add-modules java.instrument} as a {@code -javaagent} adds that module: otherwise Java 25
 * reports a module mismatch for any Java agent and drops its archived module graph (app classes
 * stay shared).
 */
class ClassSharingTest {

  @TempDir static Path dir;

  static HostsFiles rules;

  @BeforeAll
  static void setUp() throws Exception {
    rules = HostsFiles.denying127002(dir);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
  void applicationClassesComeFromItsArchiveUnderTheAgent(Jdk jdk) throws Exception {
    Path archive = archive(jdk);
    List<String> withAgent = run(jdk, archive, true, false);
    assertThat(withAgent).contains("MAIN");
    assertThat(withAgent).anyMatch(l -> isShared(l, SharedClassesApp.class.getName()));
    assertThat(withAgent).anyMatch(l -> isShared(l, SharedClassesApp.Helper.class.getName()));
    assertThat(withAgent).noneMatch(l -> l.contains(AgentProcess.SHARING_WARNING));
    assertThat(withAgent).noneMatch(l -> l.contains("class data sharing"));
    // the agent is active: its gate was defined in the boot loader
    assertThat(withAgent)
        .anyMatch(
            l -> l.contains("dev.tcpwrap.agent.bootstrap.AcceptGate source: __JVM_DefineClass__"));

    List<String> without = run(jdk, archive, false, false);
    assertThat(without).anyMatch(l -> isShared(l, SharedClassesApp.class.getName()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
  void theAppendingFallbackLosesSharingAndSaysSo(Jdk jdk) throws Exception {
    List<String> appended = run(jdk, archive(jdk), true, true);
    assertThat(appended).contains("MAIN");
    assertThat(appended).anyMatch(l -> l.contains(AgentProcess.SHARING_WARNING));
    assertThat(appended)
        .anyMatch(
            l ->
                l.contains("warning: class data sharing (CDS, AppCDS) is off")
                    && l.endsWith("(-Ddev.tcpwrap.agent.boot=append)"));
    assertThat(appended).noneMatch(l -> isShared(l, SharedClassesApp.class.getName()));
    assertThat(appended)
        .anyMatch(
            l ->
                l.contains(SharedClassesApp.class.getName() + " source: file:")
                    && l.endsWith("app.jar"));
  }

  // a -Xlog:class+load line of a class read from the archive
  private static boolean isShared(String line, String className) {
    return line.contains("] " + className + " source: shared objects file");
  }

  // the application run with its archive and class loading logged: stdout and stderr lines
  private static List<String> run(Jdk jdk, Path archive, boolean agent, boolean forceAppend)
      throws Exception {
    AgentProcess.Builder b =
        AgentProcess.jarBuilder(jdk, appJar(jdk))
            .agentArgs("daemon=cds,log-level=info," + rules.agentArgs());
    if (!agent) {
      b.withoutAgent();
    }
    if (forceAppend) {
      b.sharingWarningExpected().jvmArgs("-Ddev.tcpwrap.agent.boot=append");
    }
    b.jvmArgs("-XX:SharedArchiveFile=" + archive, "-Xshare:auto", "-Xlog:class+load=info");
    try (AgentProcess p = b.launch()) {
      assertThat(p.awaitExit(Duration.ofSeconds(60))).as("exit status; %s", p.stderr()).isZero();
      List<String> all = new ArrayList<>(p.stdout());
      all.addAll(p.stderr());
      return all;
    }
  }

  // the application's static archive for this JDK, from the class list of one run
  private static synchronized Path archive(Jdk jdk) throws Exception {
    Path jsa = dir.resolve("app-" + jdk.feature() + ".jsa");
    if (Files.exists(jsa)) {
      return jsa;
    }
    Path jar = appJar(jdk);
    Path list = dir.resolve("classes-" + jdk.feature() + ".lst");
    exec(jdk, "-XX:DumpLoadedClassList=" + list, "-jar", jar.toString());
    exec(
        jdk,
        "-Xshare:dump",
        "-XX:SharedClassListFile=" + list,
        "-XX:SharedArchiveFile=" + jsa,
        "--add-modules",
        "java.instrument",
        "-cp",
        jar.toString());
    assertThat(jsa).exists();
    return jsa;
  }

  // AppCDS archives classes from jars only: the application's two classes in an executable jar
  private static Path appJar(Jdk jdk) throws IOException, URISyntaxException {
    Path jar = dir.resolve("app.jar");
    if (Files.exists(jar)) {
      return jar;
    }
    Path classes =
        Path.of(SharedClassesApp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, SharedClassesApp.class.getName());
    Path tmp = dir.resolve("app.jar.tmp");
    try (OutputStream out = Files.newOutputStream(tmp);
        JarOutputStream j = new JarOutputStream(out, m)) {
      for (Class<?> c : List.of(SharedClassesApp.class, SharedClassesApp.Helper.class)) {
        String entry = c.getName().replace('.', '/') + ".class";
        j.putNextEntry(new JarEntry(entry));
        j.write(Files.readAllBytes(classes.resolve(entry)));
      }
    }
    Files.move(tmp, jar);
    return jar;
  }

  private static void exec(Jdk jdk, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(jdk.java().toString()));
    cmd.addAll(List.of(args));
    Process p =
        AgentProcess.withoutTestEnvironment(new ProcessBuilder(cmd))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("exec.log").toFile())
            .start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + cmd);
    }
    assertThat(p.exitValue()).as("%s: %s", cmd, Files.readString(dir.resolve("exec.log"))).isZero();
  }
}
