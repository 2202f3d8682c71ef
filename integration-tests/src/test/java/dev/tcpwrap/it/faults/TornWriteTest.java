package dev.tcpwrap.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.it.agent.harness.AgentProcess;
import dev.tcpwrap.it.agent.harness.Jdk;
import dev.tcpwrap.it.agent.harness.Probe;
import dev.tcpwrap.it.agent.servers.JdkServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A rule file rewritten while connections arrive, the agent against the real libwrap (tcpd reads
 * the files for every connection): a shell writer keeps rewriting hosts.deny with the one rule that
 * refuses 127.0.0.2, and the share of that client's connections let through is counted on both. The
 * agent must let through no more than libwrap does, and none at all while the rule itself never
 * changes. The figures go to RELIABILITY.md.
 */
class TornWriteTest {

  /** How long each side runs under the writer. */
  static final long RUN_MS = 4_000;

  /** The pause between two connections (or two libwrap decisions). */
  static final long INTERVAL_MS = 5;

  private static Path poll;

  @TempDir Path dir;

  /** The writers: how real tools and people rewrite a file, as shell loops. */
  enum Writer {
    /** {@code printf > file}: truncated and written at once, every 25-50 ms. */
    IN_PLACE("printf 'ALL: 127.0.0.2\\n' > \"$F\"; sleep 0.0$((25 + RANDOM % 26))"),
    /** A slow save: truncated, written 30 ms later, then left 10 ms. */
    TRUNCATE_THEN_WRITE(": > \"$F\"; sleep 0.03; printf 'ALL: 127.0.0.2\\n' > \"$F\"; sleep 0.01"),
    /** Deleted, then created again 30 ms later, then left 10 ms. */
    DELETE_AND_RECREATE(
        "rm -f \"$F\"; sleep 0.03; printf 'ALL: 127.0.0.2\\n' > \"$F\"; sleep 0.01");

    final String loopBody;

    Writer(String loopBody) {
      this.loopBody = loopBody;
    }

    Process start(Path file) throws IOException {
      ProcessBuilder pb = new ProcessBuilder("bash", "-c", "while :; do " + loopBody + "; done");
      pb.environment().put("F", file.toString());
      return pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }
  }

  static Stream<Arguments> cases() {
    return Jdk.all().stream().flatMap(j -> Stream.of(Writer.values()).map(w -> Arguments.of(j, w)));
  }

  @BeforeAll
  static void compileLibwrapPoll() throws Exception {
    Path source = Paths.get("src/test/c/libwrap_poll.c").toAbsolutePath();
    // next to the build's other test tools (tcpwrap.it.lib is <build dir>/it-lib)
    Path out =
        Files.createDirectories(
            Paths.get(System.getProperty("tcpwrap.it.lib", "target/it-lib")).resolve("c"));
    poll = out.resolve("libwrap_poll");
    Process gcc =
        new ProcessBuilder(
                "gcc", "-O2", "-Wall", "-o", poll.toString(), source.toString(), "-lwrap")
            .redirectErrorStream(true)
            .start();
    String log = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(gcc.waitFor()).as("gcc: %s", log).isZero();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void theAgentLetsThroughNoMoreThanLibwrap(Jdk jdk, Writer writer) throws Exception {
    Path allow = Files.writeString(dir.resolve("hosts.allow"), "");
    Path deny = Files.writeString(dir.resolve("hosts.deny"), "ALL: 127.0.0.2\n");

    double libwrap;
    Process w = writer.start(deny);
    try {
      libwrap = libwrapShare(allow, deny);
    } finally {
      stop(w);
    }

    Files.writeString(deny, "ALL: 127.0.0.2\n");
    int through = 0;
    int total = 0;
    try (AgentProcess p =
        AgentProcess.builder(jdk, JdkServer.class)
            .agentArgs("daemon=torn,allow=" + allow + ",deny=" + deny)
            .args("PLAIN")
            .start()) {
      assertThat(Probe.plain("127.0.0.2", p.port()).gotBytes()).isFalse();
      w = writer.start(deny);
      try {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RUN_MS);
        while (System.nanoTime() < end) {
          total++;
          if (Probe.plain("127.0.0.2", p.port()).received().startsWith("HELLO")) {
            through++;
          }
          Thread.sleep(INTERVAL_MS);
        }
      } finally {
        stop(w);
      }
    }
    double agent = (double) through / total;
    System.out.printf(
        "torn-write %s %s: agent %d of %d (%.1f %%), libwrap %.1f %%%n",
        jdk, writer, through, total, 100 * agent, 100 * libwrap);
    assertThat(total).isGreaterThan(100);
    assertThat(agent)
        .as("agent %d of %d, libwrap %.3f", through, total, libwrap)
        .isLessThanOrEqualTo(libwrap);
    if (writer == Writer.IN_PLACE) {
      assertThat(through).as("the rule never changes: nobody gets through").isZero();
    }
  }

  // the share of libwrap's decisions for 127.0.0.2 that granted, under the running writer
  private static double libwrapShare(Path allow, Path deny) throws Exception {
    Process p =
        new ProcessBuilder(
                List.of(
                    poll.toString(),
                    allow.toString(),
                    deny.toString(),
                    "127.0.0.2",
                    Long.toString(RUN_MS),
                    Long.toString(INTERVAL_MS)))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.waitFor()).as(out).isZero();
    Matcher m = Pattern.compile("granted (\\d+) of (\\d+)").matcher(out);
    assertThat(m.matches()).as(out).isTrue();
    assertThat(Long.parseLong(m.group(2))).isGreaterThan(100);
    return Double.parseDouble(m.group(1)) / Double.parseDouble(m.group(2));
  }

  private static void stop(Process p) throws InterruptedException {
    p.destroy();
    p.waitFor(5, TimeUnit.SECONDS);
    p.destroyForcibly();
  }
}
