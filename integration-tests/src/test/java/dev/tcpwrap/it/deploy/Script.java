package dev.tcpwrap.it.deploy;

import dev.tcpwrap.it.agent.harness.AgentProcess;
import dev.tcpwrap.it.agent.harness.Jdk;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A shell script or command run as a process tree (a launcher script and the JVMs it starts): keeps
 * every output line, and on close ends the whole tree, the descendants first.
 */
final class Script implements AutoCloseable {

  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final String what;

  private Script(ProcessBuilder pb, String what) throws IOException {
    this.what = what;
    this.process = pb.start();
    pump(process.getInputStream(), "out");
    pump(process.getErrorStream(), "err");
  }

  /**
   * Runs {@code sh -c script} in {@code dir} with {@code jdk}'s {@code bin} first on the PATH, its
   * home as JAVA_HOME, plus {@code env}.
   */
  static Script sh(Jdk jdk, Path dir, String script, Map<String, String> env) throws IOException {
    return start(jdk, dir, List.of("sh", "-c", script), env);
  }

  /** Runs {@code command} in {@code dir} with the environment of {@link #sh}. */
  static Script start(Jdk jdk, Path dir, List<String> command, Map<String, String> env)
      throws IOException {
    ProcessBuilder pb = AgentProcess.withoutTestEnvironment(new ProcessBuilder(command));
    pb.directory(dir.toFile());
    pb.environment().put("JAVA_HOME", jdk.home().toString());
    pb.environment()
        .put("PATH", jdk.home().resolve("bin") + ":" + pb.environment().getOrDefault("PATH", ""));
    pb.environment().putAll(env);
    return new Script(pb, String.join(" ", command));
  }

  private void pump(InputStream in, String tag) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // gone
              }
            },
            "script-" + tag);
    t.setDaemon(true);
    t.start();
  }

  /**
   * @return the lines of stdout and stderr so far
   */
  List<String> lines() {
    return List.copyOf(lines);
  }

  /**
   * @return the process (the shell)
   */
  Process process() {
    return process;
  }

  /** Waits for an output line; fails with all output if none appears in time. */
  String await(Predicate<String> match, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (String l : lines) {
        if (match.test(l)) {
          return l;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "no matching line in " + timeout + " from " + what + ":\n" + text());
      }
      sleep(20);
    }
  }

  /** Waits until at least {@code n} lines match. */
  void awaitCount(Predicate<String> match, long n, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (lines.stream().filter(match).count() < n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "fewer than " + n + " matching lines from " + what + ":\n" + text());
      }
      sleep(20);
    }
  }

  /**
   * @return all output so far, one line each
   */
  String text() {
    return String.join("\n", lines);
  }

  /** Waits for the process to exit; @return its status */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(what + " did not exit:\n" + text());
    }
    sleep(100);
    return process.exitValue();
  }

  /** Ends the descendants, then the process; kills what is left after 10 s. */
  @Override
  public void close() {
    List<ProcessHandle> tree = process.descendants().toList();
    tree.forEach(ProcessHandle::destroy);
    process.destroy();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    for (ProcessHandle h : tree) {
      waitGone(h, deadline);
    }
    waitGone(process.toHandle(), deadline);
  }

  private static void waitGone(ProcessHandle h, long deadline) {
    while (h.isAlive() && System.nanoTime() < deadline) {
      sleep(20);
    }
    if (h.isAlive()) {
      h.destroyForcibly();
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
