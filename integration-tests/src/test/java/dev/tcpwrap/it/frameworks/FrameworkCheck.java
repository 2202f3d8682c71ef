package dev.tcpwrap.it.frameworks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.it.agent.harness.AgentProcess;
import dev.tcpwrap.it.agent.harness.HostsFiles;
import dev.tcpwrap.it.agent.harness.Jdk;
import dev.tcpwrap.it.agent.harness.Probe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The framework check, one for every real server of {@link Framework} (run by {@link
 * FrameworkServersTest} and {@link NativeTransportsTest}): the server in a forked JVM under the
 * real agent jar with {@code hosts.deny} = {@code ALL: 127.0.0.2}, and
 *
 * <ol>
 *   <li>a client bound to 127.0.0.1 is served (an HTTP/1.1 GET; for RMI a JMX client reading an
 *       MBean attribute, and a raw JRMP handshake and ping; for gRPC a real call with gRPC's own
 *       client);
 *   <li>a client bound to 127.0.0.2 gets no byte and the connection ends (EOF or reset, no
 *       timeout), and the application never sees it: no server output and no framework log line
 *       names 127.0.0.2;
 *   <li>after 1,000 refusals the server still serves at once (an HTTP client within {@value
 *       #SERVED_AFTER_FLOOD_MS} ms) and its open file descriptors did not grow (small slack);
 *   <li>the refusal line {@code DAEMON[PID]: refused connect from 127.0.0.2 (127.0.0.2)} is in the
 *       agent log, once per refused connection; no exception or error line from the framework.
 * </ol>
 *
 * For HTTP and gRPC servers, every permitted connection is also decided (and logged) exactly once,
 * and the application handled exactly those connections. The control, {@link #withoutAgent}, shows
 * that without the agent the very probe sent from 127.0.0.2 is served.
 */
final class FrameworkCheck {

  /** Refused connections in the flood phase. */
  static final int FLOOD = 1_000;

  /** Refused connections before the flood: the first one plus a short warm-up run. */
  static final int WARMUP = 20;

  /** Allowed growth of the server's open file descriptors over the flood. */
  static final int FD_SLACK = 5;

  /**
   * How soon an allowed client right after the flood must be served: connect to the whole answer,
   * for the raw HTTP client. What this guards against is a refusal that upset the server: Netty
   * stops accepting for a second after an exception in its accept loop, so the bound is half of
   * that, far enough from scheduling noise on a loaded two-core machine not to fail by chance. The
   * measured times (issue 9 asks for 50 ms; typically 1-20 ms) are printed and reported in
   * docs/benchmarks.md; a timing figure is not a pass/fail matter.
   */
  static final long SERVED_AFTER_FLOOD_MS = 500;

  /**
   * The same for gRPC, whose measured call includes setting up a new channel of gRPC's client in
   * this JVM (about 25 ms on the build machine).
   */
  static final long GRPC_SERVED_AFTER_FLOOD_MS = 700;

  /** Timeout of one probe; a refused probe must end long before it. */
  static final int PROBE_TIMEOUT_MS = 5_000;

  static final String DAEMON = "fwtest";
  static final String REFUSED_LINE = "refused connect from 127.0.0.2 (127.0.0.2)";

  /** Lines a framework writes when something went wrong (JUL, Logback/Log4j, stack traces). */
  static final Pattern FRAMEWORK_ERROR = Pattern.compile("Exception|\\bERROR\\b|^SEVERE");

  private FrameworkCheck() {}

  /**
   * The whole check for {@code fw} on {@code jdk} (see the class comment), with {@code hosts.deny}
   * = {@code ALL: 127.0.0.2} written into {@code dir}.
   */
  static void refusedClientNeverReachesTheServer(Jdk jdk, Framework fw, Path dir) throws Exception {
    HostsFiles rules = HostsFiles.denying127002(dir);
    try (AgentProcess p =
        fw.launcher(jdk)
            .agentArgs("daemon=" + DAEMON + ",log-allowed=true," + rules.agentArgs())
            .start()) {
      String prefix = DAEMON + "[" + p.pid() + "]: ";
      assertSetUp(p, fw);
      int allowed = 0;

      // 1. served
      allowed += assertServed(p, fw);
      // 2. refused: no byte, connection ends; the refusal line is logged
      Probe.Result r = refusedProbe(fw, p.port());
      assertThat(r.received())
          .as("refused client got bytes; stdout %s; stderr %s", p.stdout(), p.stderr())
          .isEmpty();
      assertThat(r.end())
          .as("refused client's connection must end")
          .isNotEqualTo(Probe.End.TIMEOUT);
      // 4. the refusal line
      p.awaitStderr(l -> l.equals(prefix + REFUSED_LINE), Duration.ofSeconds(10));

      for (int i = 0; i < WARMUP - 1; i++) {
        assertRefused(fw, p.port(), i);
      }
      allowed += assertServed(p, fw);

      // 3. flood: 1,000 refusals, then still serving, fds did not grow
      Thread.sleep(300);
      long fdsBefore = p.openFds();
      long t0 = System.nanoTime();
      for (int i = 0; i < FLOOD; i++) {
        assertRefused(fw, p.port(), i);
      }
      long floodMillis = (System.nanoTime() - t0) / 1_000_000;
      long t1 = System.nanoTime();
      allowed += assertServed(p, fw);
      long servedMillis = (System.nanoTime() - t1) / 1_000_000;
      Thread.sleep(500);
      long fdsAfter = p.openFds();
      System.out.printf(
          "%s %s: ready in %d ms, %d refusals in %d ms, then an allowed client served in %d ms,"
              + " fds %d -> %d%n",
          jdk, fw, p.millisToReady(), FLOOD, floodMillis, servedMillis, fdsBefore, fdsAfter);
      assertThat(fdsAfter)
          .as("open fds after %d refusals (before: %d)", FLOOD, fdsBefore)
          .isLessThanOrEqualTo(fdsBefore + FD_SLACK);
      switch (fw.protocol()) {
        case HTTP ->
            assertThat(servedMillis)
                .as("ms to serve an allowed client right after the flood")
                .isLessThanOrEqualTo(SERVED_AFTER_FLOOD_MS);
        case GRPC ->
            assertThat(servedMillis)
                .as("ms for a gRPC call (new client channel) right after the flood")
                .isLessThanOrEqualTo(GRPC_SERVED_AFTER_FLOOD_MS);
        case RMI -> {
          // the JMX client's own set-up dominates; not timed
        }
      }

      // every refusal logged, each exactly once
      long refusals = WARMUP + FLOOD;
      p.awaitStderrCount(REFUSED_LINE, refusals, Duration.ofSeconds(10));
      Thread.sleep(300);
      assertThat(count(p.stderr(), prefix + REFUSED_LINE)).as("refusal lines").isEqualTo(refusals);

      // 2. the application never saw 127.0.0.2: not in its output, not in the framework's logs
      assertThat(p.stdout())
          .as("application output")
          .noneMatch(l -> l.contains("127.0.0.2"))
          .noneMatch(l -> l.startsWith("FAILED"));
      assertThat(p.stderr())
          .as("framework log (agent refusal lines aside)")
          .noneMatch(l -> l.contains("127.0.0.2") && !l.equals(prefix + REFUSED_LINE));
      assertThat(p.stderr())
          .as("no agent error")
          .noneMatch(l -> l.startsWith("tcpwrap[" + p.pid() + "]: error"));
      assertThat(p.stderr())
          .as("no native-acceptor warning for a server the agent sees")
          .noneMatch(l -> l.contains("accepts connections in native code"));
      assertThat(p.stderr())
          .as("nothing minded the refusals (stderr)")
          .noneMatch(l -> FRAMEWORK_ERROR.matcher(l).find());
      assertThat(p.stdout())
          .as("nothing minded the refusals (stdout, where e.g. Spring Boot logs)")
          .noneMatch(l -> FRAMEWORK_ERROR.matcher(l).find());
      assertThat(count(p.stderr(), "effective configuration")).isEqualTo(1);

      if (fw.protocol() != Framework.Protocol.RMI) {
        // each permitted connection decided once, and handled by the application once
        assertThat(count(p.stderr(), prefix + "connect from 127.0.0.1 (127.0.0.1)"))
            .as("permitted connections decided")
            .isEqualTo(allowed);
        assertThat(count(p.stdout(), "ACCEPT 127.0.0.1")).as("requests handled").isEqualTo(allowed);
        if (fw.reportsConnections()) {
          assertThat(count(p.stdout(), "CONNECTION 127.0.0.1"))
              .as("connections opened")
              .isEqualTo(allowed);
        }
      } else {
        assertThat(count(p.stdout(), "ACCEPT 127.0.0.1")).as("MBean reads").isEqualTo(3);
        assertThat(p.stderr())
            .as("RMI transport log of accepted sockets")
            .anyMatch(l -> l.contains("accepted socket from [127.0.0.1:"));
        assertThat(count(p.stderr(), prefix + "connect from 127.0.0.1 (127.0.0.1)"))
            .as("permitted connections decided")
            .isGreaterThanOrEqualTo(allowed);
      }
    }
  }

  /**
   * The control: without the agent, on the first configured JDK, the very probe the refusal check
   * sends from 127.0.0.2 is answered and the application sees 127.0.0.2, so "no byte" above means
   * refused.
   */
  static void withoutAgent(Framework fw) throws Exception {
    Jdk jdk = Jdk.all().get(0);
    try (AgentProcess p = fw.launcher(jdk).withoutAgent().start()) {
      assertSetUp(p, fw);
      Probe.Result r = refusedProbe(fw, p.port());
      assertThat(r.gotBytes()).as("control probe from 127.0.0.2 answered").isTrue();
      switch (fw.protocol()) {
        case HTTP -> {
          assertThat(r.received()).endsWith("\r\n\r\nHELLO 127.0.0.2\n");
          p.awaitStdout(l -> l.equals("ACCEPT 127.0.0.2"), Duration.ofSeconds(5));
        }
        case RMI -> {
          assertThat((int) r.received().charAt(0)).isEqualTo(Clients.JRMP_PROTOCOL_ACK);
          p.awaitStderr(l -> l.contains("accepted socket from [127.0.0.2:"), Duration.ofSeconds(5));
        }
        case GRPC -> {
          assertThat((int) r.received().charAt(3))
              .as("the server's first HTTP/2 frame is SETTINGS")
              .isEqualTo(Clients.H2_SETTINGS);
          assertThat(Clients.grpcHello("127.0.0.2", p.port(), PROBE_TIMEOUT_MS))
              .as("a real gRPC call from 127.0.0.2")
              .isEqualTo("HELLO 127.0.0.2\n");
          p.awaitStdout(l -> l.equals("ACCEPT 127.0.0.2"), Duration.ofSeconds(5));
        }
      }
    }
  }

  /** Each set-up line the framework must print (the transport it really runs) is there. */
  static void assertSetUp(AgentProcess p, Framework fw) {
    for (Pattern setup : fw.setup()) {
      assertThat(p.stdout())
          .as("accept set-up line %s; stderr %s", setup, p.stderr())
          .anyMatch(l -> setup.matcher(l).matches());
    }
  }

  /**
   * @return the connections counted as served: 1 (for RMI the raw JRMP ping; the JMX client's own
   *     connections depend on RMI's connection reuse and are only checked as "at least")
   */
  static int assertServed(AgentProcess p, Framework fw) throws Exception {
    switch (fw.protocol()) {
      case HTTP -> {
        Probe.Result r = Clients.httpGet("127.0.0.1", p.port(), PROBE_TIMEOUT_MS);
        assertThat(r.received())
            .as("allowed client; stderr %s", p.stderr())
            .startsWith("HTTP/1.1 200")
            .endsWith("\r\n\r\nHELLO 127.0.0.1\n");
      }
      case RMI -> {
        assertThat(Clients.jmxGreeting(p.port()))
            .as("JMX client from 127.0.0.1")
            .isEqualTo("HELLO 127.0.0.1");
        assertThat(Clients.jrmpPing("127.0.0.1", p.port(), PROBE_TIMEOUT_MS))
            .as("raw JRMP ping from 127.0.0.1")
            .isEqualTo("127.0.0.1");
      }
      case GRPC ->
          assertThat(Clients.grpcHello("127.0.0.1", p.port(), PROBE_TIMEOUT_MS))
              .as("gRPC call from 127.0.0.1; stderr %s", p.stderr())
              .isEqualTo("HELLO 127.0.0.1\n");
    }
    return 1;
  }

  /** The probe from 127.0.0.2: what a client sends first, read to the end. */
  static Probe.Result refusedProbe(Framework fw, int port) throws Exception {
    return switch (fw.protocol()) {
      case HTTP -> Clients.httpGet("127.0.0.2", port, PROBE_TIMEOUT_MS);
      case RMI -> Clients.jrmpHandshake("127.0.0.2", port, PROBE_TIMEOUT_MS);
      case GRPC -> Clients.h2Preface("127.0.0.2", port, PROBE_TIMEOUT_MS);
    };
  }

  static void assertRefused(Framework fw, int port, int i) throws Exception {
    Probe.Result r = refusedProbe(fw, port);
    if (r.gotBytes() || r.end() == Probe.End.TIMEOUT) {
      throw new AssertionError(
          "refused probe "
              + i
              + " ended with "
              + r.end()
              + " after receiving '"
              + r.received()
              + "'");
    }
  }

  static long count(List<String> lines, String text) {
    return lines.stream().filter(l -> l.contains(text)).count();
  }
}
