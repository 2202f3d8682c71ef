package dev.tcpwrap.it.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.it.agent.harness.AgentProcess;
import dev.tcpwrap.it.agent.harness.HostsFiles;
import dev.tcpwrap.it.agent.harness.Jdk;
import dev.tcpwrap.it.agent.harness.Probe;
import dev.tcpwrap.it.agent.servers.JdkServer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real {@code jmx_prometheus_javaagent} (the POM copies it to {@code it-lib}) as a second java
 * agent beside tcpwrap, configured with the exporter configuration of README.md (taken from the
 * text, so the README cannot rot), scraped over HTTP after three refused and two allowed
 * connections: the counters and the per-rule counts are in its {@code /metrics}, with the right
 * values. The exporter's own port is guarded by tcpwrap like every other (its scrapes are checked
 * and allowed).
 */
class PrometheusExporterTest {

  @TempDir Path dir;

  /** The exporter configuration: the first {@code yaml} block of README.md's Prometheus part. */
  static String readmeConfig() throws Exception {
    List<String> lines = Files.readAllLines(readme());
    int at = 0;
    while (at < lines.size() && !lines.get(at).startsWith("### Prometheus")) {
      at++;
    }
    while (at < lines.size() && !lines.get(at).equals("```yaml")) {
      at++;
    }
    StringBuilder b = new StringBuilder();
    for (at++; at < lines.size() && !lines.get(at).equals("```"); at++) {
      b.append(lines.get(at)).append('\n');
    }
    assertThat(b).as("README.md: a ```yaml block under ### Prometheus").isNotEmpty();
    return b.toString();
  }

  private static Path readme() {
    Path p = Path.of("README.md").toAbsolutePath();
    return Files.exists(p) ? p : Path.of("..", "README.md").toAbsolutePath();
  }

  private static Path exporterJar() {
    return Path.of(System.getProperty("tcpwrap.it.lib", "target/it-lib"))
        .resolve("jmx_prometheus_javaagent.jar");
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String scrape(int port) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest req =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
            .timeout(Duration.ofSeconds(10))
            .build();
    return http.send(req, HttpResponse.BodyHandlers.ofString()).body();
  }

  // the MXBean is registered by the agent's status thread shortly after the start
  private static String scrapeShowing(int port, String text) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    String body = "";
    while (System.nanoTime() < deadline) {
      try {
        body = scrape(port);
        if (body.contains(text)) {
          return body;
        }
      } catch (java.io.IOException e) {
        body = e.toString(); // the exporter's server not up yet
      }
      Thread.sleep(200);
    }
    return body;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(Jdk.ALL)
  void countersInTheExportersMetrics(Jdk jdk) throws Exception {
    assertThat(exporterJar()).exists();
    Path config = Files.writeString(dir.resolve("tcpwrap-exporter.yaml"), readmeConfig());
    HostsFiles rules = HostsFiles.write(dir, "ALL: 127.0.0.1\n", "ALL: 127.0.0.2\nftpd: ALL\n");
    int metricsPort = freePort();
    try (AgentProcess p =
        AgentProcess.builder(jdk, JdkServer.class)
            .agentArgs("daemon=shop," + rules.agentArgs())
            .jvmArgs(
                "-javaagent:" + exporterJar() + "=127.0.0.1:" + metricsPort + ":" + config,
                "-Ddev.tcpwrap.agent.jmx.delay=0")
            .args(JdkServer.Kind.PLAIN.name())
            .start()) {
      for (int i = 0; i < 3; i++) {
        assertThat(Probe.plain("127.0.0.2", p.port()).gotBytes()).isFalse();
      }
      for (int i = 0; i < 2; i++) {
        assertThat(Probe.plain("127.0.0.1", p.port()).received()).isEqualTo("HELLO 127.0.0.1\n");
      }
      String metrics = scrapeShowing(metricsPort, "tcpwrap_refused_total 3.0");
      assertThat(metrics)
          .contains("tcpwrap_refused_total 3.0")
          .contains("tcpwrap_wouldrefuse_total 0.0")
          .contains("tcpwrap_checkfailures_total 0.0")
          .contains("tcpwrap_commandsdropped_total 0.0")
          .contains("tcpwrap_rule_hits_total{rule=\"" + rules.deny() + ":1\"} 3.0")
          .contains("tcpwrap_rule_hits_total{rule=\"" + rules.deny() + ":2\"} 0.0")
          .contains("tcpwrap_rules_never_matched 1.0")
          .contains("# TYPE tcpwrap_refused_total counter");
      // the scrapes reach the JVM through its accept path too, allowed by hosts.allow line 1
      long allowed = value(metrics, "tcpwrap_allowed_total");
      assertThat(allowed).isGreaterThanOrEqualTo(3);
      assertThat(value(metrics, "tcpwrap_checked_total")).isEqualTo(allowed + 3);
      assertThat(value(metrics, "tcpwrap_rule_hits_total{rule=\"" + rules.allow() + ":1\"}"))
          .isEqualTo(allowed);
    }
  }

  private static long value(String metrics, String series) {
    return metrics
        .lines()
        .filter(l -> l.startsWith(series + " "))
        .map(l -> (long) Double.parseDouble(l.substring(series.length() + 1).trim()))
        .findFirst()
        .orElseThrow(() -> new AssertionError(series + " not in\n" + metrics));
  }
}
