package dev.tcpwrap.it.ops;

import dev.tcpwrap.it.agent.harness.AgentJar;
import dev.tcpwrap.it.agent.harness.AgentProcess;
import dev.tcpwrap.it.agent.harness.Jdk;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command-line tool (the jar's {@code attach}, {@code jcmd}) and keeps its exit status and
 * output.
 */
final class Cli {

  /**
   * @param status the exit status
   * @param out standard output
   * @param err standard error
   */
  record Result(int status, String out, String err) {
    @Override
    public String toString() {
      return "exit " + status + "\nstdout: " + out + "\nstderr: " + err;
    }
  }

  private Cli() {}

  /** {@code java -jar tcpwrap.jar ARGS...} on {@code jdk}. */
  static Result tcpwrap(Jdk jdk, String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(List.of(jdk.java().toString(), "-jar", AgentJar.path().toString()));
    cmd.addAll(List.of(args));
    return run(cmd);
  }

  /** {@code jcmd ARGS...} of {@code jdk}. */
  static Result jcmd(Jdk jdk, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(jdk.home().resolve("bin/jcmd").toString()));
    cmd.addAll(List.of(args));
    return run(cmd);
  }

  static Result run(List<String> cmd) throws Exception {
    Process p = AgentProcess.withoutTestEnvironment(new ProcessBuilder(cmd)).start();
    CompletableFuture<String> out = read(p.getInputStream());
    CompletableFuture<String> err = read(p.getErrorStream());
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + cmd);
    }
    return new Result(p.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
  }

  private static CompletableFuture<String> read(java.io.InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "";
          }
        });
  }
}
