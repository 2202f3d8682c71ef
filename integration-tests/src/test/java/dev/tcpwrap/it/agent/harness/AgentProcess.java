package dev.tcpwrap.it.agent.harness;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A server main class in a forked JVM, normally under the real agent jar: the reusable harness for
 * the agent's integration tests (JDK servers here; framework servers can use it the same way).
 *
 * <pre>{@code
 * try (AgentProcess p = AgentProcess.builder(jdk, MyServer.class).agentArgs("daemon=x," + files.agentArgs())
 *     .args("PLAIN").start()) {
 *   Probe.Result r = Probe.plain("127.0.0.2", p.port());
 *   p.awaitStderr(l -> l.contains("refused connect from 127.0.0.2"), Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>The child must print {@code READY <port>} on stdout once it listens. All stdout/stderr lines
 * are kept.
 */
public final class AgentProcess implements AutoCloseable {

  private final Process process;
  private final List<String> stdout = new CopyOnWriteArrayList<>();
  private final List<String> stderr = new CopyOnWriteArrayList<>();
  private final List<String> command;
  private final long startNanos = System.nanoTime();
  private final boolean sharingWarningExpected;
  private volatile int port = -1;
  private volatile long readyNanos;

  /**
   * What HotSpot prints when anything is appended to the boot class path, which turns class data
   * sharing off for the application's classes: the agent must never cause it (issue 10).
   */
  public static final String SHARING_WARNING = "Sharing is only supported";

  private AgentProcess(
      List<String> command, Map<String, String> env, boolean sharingWarningExpected)
      throws IOException {
    this.command = command;
    this.sharingWarningExpected = sharingWarningExpected;
    ProcessBuilder pb = withoutTestEnvironment(new ProcessBuilder(command));
    pb.environment().putAll(env);
    this.process = pb.start();
    pump(process.getInputStream(), stdout, true);
    pump(process.getErrorStream(), stderr, false);
  }

  /**
   * Removes from {@code pb}'s environment what the test JVM's could configure a child with: the
   * agent's {@code TCPWRAP_} variables and the JVM option variables.
   *
   * @return {@code pb}
   */
  public static ProcessBuilder withoutTestEnvironment(ProcessBuilder pb) {
    pb.environment()
        .keySet()
        .removeIf(
            k ->
                k.startsWith("TCPWRAP_")
                    || k.startsWith("JAVA_TOOL_OPTIONS")
                    || k.startsWith("JDK_JAVA_OPTIONS")
                    || k.startsWith("_JAVA_OPTIONS"));
    return pb;
  }

  /**
   * @return a builder for a JVM of {@code jdk} running {@code mainClass} from the test classes
   */
  public static Builder builder(Jdk jdk, Class<?> mainClass) {
    return new Builder(jdk, mainClass.getName(), null);
  }

  /**
   * @return a builder for a JVM of {@code jdk} running an executable jar ({@code java -jar}, e.g. a
   *     Spring Boot fat jar); class path entries are ignored then, as {@code java -jar} does
   */
  public static Builder jarBuilder(Jdk jdk, Path jar) {
    return new Builder(jdk, null, jar);
  }

  /** Options for one forked JVM. */
  public static final class Builder {
    private final Jdk jdk;
    private final String mainClass;
    private final Path jar;
    private String agentArgs;
    private boolean agent = true;
    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private final List<Path> classpath = new ArrayList<>();
    private final Map<String, String> env = new java.util.HashMap<>();
    private boolean sharingWarningExpected;
    private String user;
    private int descriptorLimit;

    private Builder(Jdk jdk, String mainClass, Path jar) {
      this.jdk = jdk;
      this.mainClass = mainClass;
      this.jar = jar;
      if (jar == null) {
        this.classpath.add(testClasses());
      }
    }

    /** Sets the agent argument string ({@code key=value,...}). */
    public Builder agentArgs(String a) {
      this.agentArgs = a;
      return this;
    }

    /** Runs without {@code -javaagent} (baseline measurements). */
    public Builder withoutAgent() {
      this.agent = false;
      return this;
    }

    /**
     * Lets the JVM print HotSpot's class-sharing warning ({@link #SHARING_WARNING}), which
     * otherwise fails the test when the process is closed: only for tests of the agent's fallback
     * that appends to the boot class path.
     */
    public Builder sharingWarningExpected() {
      this.sharingWarningExpected = true;
      return this;
    }

    /**
     * Runs the JVM as another user ({@code setpriv}; the tests must run as root), with that user's
     * primary group and no other.
     */
    public Builder asUser(String name, String group) {
      this.user = name + ":" + group;
      return this;
    }

    /** Runs the JVM with at most {@code n} open descriptors ({@code prlimit --nofile}). */
    public Builder descriptorLimit(int n) {
      this.descriptorLimit = n;
      return this;
    }

    /** Adds JVM options. */
    public Builder jvmArgs(String... a) {
      jvmArgs.addAll(List.of(a));
      return this;
    }

    /** Adds program arguments. */
    public Builder args(String... a) {
      args.addAll(List.of(a));
      return this;
    }

    /**
     * Adds class path entries after the test classes (e.g. framework jars); ignored for {@code
     * -jar}.
     */
    public Builder classpath(Path... p) {
      classpath.addAll(List.of(p));
      return this;
    }

    /** Adds an environment variable. */
    public Builder env(String name, String value) {
      env.put(name, value);
      return this;
    }

    /**
     * @return the command line
     */
    public List<String> command() {
      List<String> cmd = new ArrayList<>();
      if (descriptorLimit > 0) {
        cmd.addAll(List.of("prlimit", "--nofile=" + descriptorLimit + ":" + descriptorLimit, "--"));
      }
      if (user != null) {
        String[] ug = user.split(":");
        cmd.addAll(List.of("setpriv", "--reuid=" + ug[0], "--regid=" + ug[1], "--clear-groups"));
      }
      cmd.add(jdk.java().toString());
      if (agent) {
        cmd.add("-javaagent:" + AgentJar.path() + (agentArgs == null ? "" : "=" + agentArgs));
      }
      cmd.addAll(jvmArgs);
      if (jar != null) {
        cmd.add("-jar");
        cmd.add(jar.toString());
      } else {
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, classpath.stream().map(Path::toString).toList()));
        cmd.add(mainClass);
      }
      cmd.addAll(args);
      return cmd;
    }

    /** Starts the JVM without waiting for it. */
    public AgentProcess launch() throws IOException {
      // a configured JDK that is missing fails the test: a skipped JDK would pass unseen
      if (!jdk.exists()) {
        throw new IllegalStateException(
            "JDK not installed: " + jdk.home() + " (tcpwrap.it.jdks; scripts/test.sh checks it)");
      }
      return new AgentProcess(command(), env, sharingWarningExpected);
    }

    /** Starts the JVM and waits for its {@code READY <port>} line. */
    public AgentProcess start() throws IOException {
      AgentProcess p = launch();
      p.awaitReady(Duration.ofSeconds(60));
      return p;
    }
  }

  /**
   * @return the test-classes directory the server mains come from
   */
  static Path testClasses() {
    try {
      return Path.of(
          AgentProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private void pump(InputStream in, List<String> sink, boolean watchReady) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  if (watchReady && port < 0 && line.startsWith("READY ")) {
                    readyNanos = System.nanoTime();
                    port = Integer.parseInt(line.substring(6).trim());
                  }
                  sink.add(line);
                }
              } catch (IOException e) {
                // process gone
              }
            },
            "pump-" + (watchReady ? "out" : "err"));
    t.setDaemon(true);
    t.start();
  }

  private void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (port < 0) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        sleep(200); // let the pumps catch up
        stop(process);
        throw new AssertionError(
            "server did not become ready (alive="
                + process.isAlive()
                + ")\ncommand: "
                + String.join(" ", command)
                + "\nstdout: "
                + stdout
                + "\nstderr: "
                + stderr);
      }
      sleep(10);
    }
  }

  /**
   * @return the port from the READY line
   */
  public int port() {
    return port;
  }

  /**
   * @return milliseconds from launching the JVM to its READY line
   */
  public long millisToReady() {
    return (readyNanos - startNanos) / 1_000_000;
  }

  /**
   * @return the child's process id
   */
  public long pid() {
    return process.pid();
  }

  /**
   * @return stdout lines so far
   */
  public List<String> stdout() {
    return List.copyOf(stdout);
  }

  /**
   * @return stderr lines so far
   */
  public List<String> stderr() {
    return List.copyOf(stderr);
  }

  /** Waits for a stderr line; fails with the whole stderr if none appears in time. */
  public String awaitStderr(Predicate<String> match, Duration timeout) {
    return await(stderr, match, timeout, "stderr");
  }

  /** Waits for a stdout line; fails with the whole stdout if none appears in time. */
  public String awaitStdout(Predicate<String> match, Duration timeout) {
    return await(stdout, match, timeout, "stdout");
  }

  private String await(List<String> lines, Predicate<String> match, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (String l : lines) {
        if (match.test(l)) {
          return l;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "no matching " + what + " line in " + timeout + "; " + what + ": " + lines);
      }
      sleep(20);
    }
  }

  /**
   * Waits until at least {@code n} stderr lines contain {@code text}; fails with the stderr tail if
   * not.
   */
  public void awaitStderrCount(String text, long n, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long c;
    while ((c = stderr.stream().filter(l -> l.contains(text)).count()) < n) {
      if (System.nanoTime() > deadline) {
        List<String> all = stderr();
        throw new AssertionError(
            c
                + " < "
                + n
                + " stderr lines contain '"
                + text
                + "'; last lines: "
                + all.subList(Math.max(0, all.size() - 20), all.size()));
      }
      sleep(20);
    }
  }

  /** Waits for the process to exit. @return its exit status */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("process did not exit; stderr: " + stderr);
    }
    sleep(100); // let the pumps drain
    assertNoSharingWarning();
    return process.exitValue();
  }

  /**
   * @return the number of open file descriptors of the child ({@code /proc/PID/fd})
   */
  public long openFds() throws IOException {
    try (Stream<Path> s = Files.list(Path.of("/proc/" + pid() + "/fd"))) {
      return s.count();
    }
  }

  /**
   * Stops the process; fails if the JVM printed its class-sharing warning (and was not expected
   * to).
   */
  @Override
  public void close() {
    stop(process);
    assertNoSharingWarning();
  }

  // the warning comes before any output of the JVM's main: it is in the lines by now
  private void assertNoSharingWarning() {
    if (sharingWarningExpected) {
      return;
    }
    for (List<String> lines : List.of(stdout, stderr)) {
      for (String l : lines) {
        if (l.contains(SHARING_WARNING)) {
          throw new AssertionError(
              "the JVM printed its class-sharing warning (something was appended to the boot class"
                  + " path): "
                  + l
                  + "\ncommand: "
                  + String.join(" ", command));
        }
      }
    }
  }

  /** Stops {@code process}: asks it to end, and after 10 seconds kills it. */
  public static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
