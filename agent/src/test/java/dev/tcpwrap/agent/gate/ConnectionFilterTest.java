package dev.tcpwrap.agent.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.agent.config.AgentConfig;
import dev.tcpwrap.agent.engine.Decision;
import dev.tcpwrap.agent.log.AgentLog;
import dev.tcpwrap.agent.log.LogLevel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate carrying out rule options on real loopback connections (127.0.0.1 server, 127.0.0.2
 * client).
 */
class ConnectionFilterTest {

  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private AgentLog log;
  private ServerSocket server;

  @AfterEach
  void tearDown() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  private ConnectionFilter filter(String allow, String deny, String args, LogLevel level)
      throws Exception {
    log = AgentLog.toStream(level, out);
    return RuleFilters.of(
        dir, allow, deny, "daemon=shop" + (args.isEmpty() ? "" : "," + args), log);
  }

  private String logged() {
    log.flush();
    return out.toString(StandardCharsets.UTF_8);
  }

  private Socket connectFrom(String source) throws IOException {
    if (server == null) {
      server = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"));
    }
    Socket c = new Socket();
    c.bind(new InetSocketAddress(source, 0));
    c.connect(server.getLocalSocketAddress(), 2000);
    c.setSoTimeout(5000);
    return c;
  }

  private static String readAll(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
  }

  private static String readLineCrlf(InputStream in, int n) throws IOException {
    return new String(in.readNBytes(n), StandardCharsets.ISO_8859_1);
  }

  @Test
  void refusedClientGetsTheBannerThenEof() throws Exception {
    Path banners = Files.createDirectory(dir.resolve("banners"));
    Files.writeString(banners.resolve("shop"), "Go away %a from %d\nline2 $(id)\n");
    ConnectionFilter f = filter("", "ALL: 127.0.0.2: banners " + banners + "\n", "", LogLevel.INFO);
    try (Socket c = connectFrom("127.0.0.2");
        Socket accepted = server.accept()) {
      assertThat(f.refuse(server, accepted)).isTrue();
      assertThat(accepted.isClosed()).isTrue();
      assertThat(readAll(c.getInputStream()))
          .isEqualTo("Go away 127.0.0.2 from shop\r\nline2 $(id)\r\n");
    }
    assertThat(logged()).contains("shop[", "]: refused connect from 127.0.0.2 (127.0.0.2)");
    assertThat(f.stats().refused()).isEqualTo(1);
  }

  @Test
  void allowedClientGetsTheBannerAndSocketOptions() throws Exception {
    Path banners = Files.createDirectory(dir.resolve("banners"));
    Files.writeString(banners.resolve("shop"), "Hello %a\n");
    ConnectionFilter f =
        filter(
            "ALL: ALL: banners " + banners + ": keepalive: linger 5\n",
            "",
            "log-allowed=true",
            LogLevel.INFO);
    try (Socket c = connectFrom("127.0.0.1");
        Socket accepted = server.accept()) {
      assertThat(f.refuse(server, accepted)).isFalse();
      assertThat(accepted.getKeepAlive()).isTrue();
      assertThat(accepted.getSoLinger()).isEqualTo(5);
      assertThat(readLineCrlf(c.getInputStream(), "Hello 127.0.0.1\r\n".length()))
          .isEqualTo("Hello 127.0.0.1\r\n");
    }
    assertThat(logged()).contains("connect from 127.0.0.1 (127.0.0.1)");
  }

  @Test
  void twistHandsTheClientToTheCommandAndLogsAtRefusalSeverity() throws Exception {
    ConnectionFilter f =
        filter("ALL: 127.0.0.2: twist /bin/echo 421 go away %a\n", "", "", LogLevel.WARN);
    try (Socket c = connectFrom("127.0.0.2");
        Socket accepted = server.accept()) {
      assertThat(f.refuse(server, accepted)).isTrue();
      assertThat(readAll(c.getInputStream())).isEqualTo("421 go away 127.0.0.2\n");
    }
    assertThat(logged()).contains("]: twist 127.0.0.2 to /bin/echo 421 go away 127.0.0.2");
    assertThat(f.stats().twisted()).isEqualTo(1);
  }

  @Test
  void twistOnASocketChannel() throws Exception {
    ConnectionFilter f = filter("ALL: 127.0.0.2: twist /bin/echo hi %a\n", "", "", LogLevel.WARN);
    try (ServerSocketChannel ssc = ServerSocketChannel.open()) {
      ssc.bind(new InetSocketAddress("127.0.0.1", 0));
      try (Socket c = new Socket()) {
        c.bind(new InetSocketAddress("127.0.0.2", 0));
        c.connect(ssc.getLocalAddress(), 2000);
        c.setSoTimeout(5000);
        SocketChannel ch = ssc.accept();
        assertThat(f.refuse(ssc, ch)).isTrue();
        assertThat(readAll(c.getInputStream())).isEqualTo("hi 127.0.0.2\n");
      }
    }
  }

  @Test
  void spawnRunsOffTheAcceptPathWithExpansions() throws Exception {
    Path file = dir.resolve("spawned");
    ConnectionFilter f =
        filter("", "ALL: 127.0.0.2: spawn echo %a %d > " + file + "\n", "", LogLevel.INFO);
    try (Socket c = connectFrom("127.0.0.2");
        Socket accepted = server.accept()) {
      assertThat(f.refuse(server, accepted)).isTrue();
    }
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!(Files.exists(file) && Files.readString(file).endsWith("\n"))
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(Files.readString(file)).isEqualTo("127.0.0.2 shop\n");
  }

  @Test
  void severityChangesTheLevel() throws Exception {
    ConnectionFilter f =
        filter("", "ALL: 127.0.0.2: severity auth.crit\nALL: 127.0.0.3\n", "", LogLevel.ERROR);
    try (Socket c = connectFrom("127.0.0.2");
        Socket accepted = server.accept()) {
      assertThat(f.refuse(server, accepted)).isTrue();
    }
    try (Socket c = connectFrom("127.0.0.3");
        Socket accepted = server.accept()) {
      assertThat(f.refuse(server, accepted)).isTrue();
    }
    String text = logged();
    assertThat(text).contains("refused connect from 127.0.0.2 (127.0.0.2)");
    assertThat(text).doesNotContain("127.0.0.3");
  }

  @Test
  void dryRunExecutesNothing() throws Exception {
    Path file = dir.resolve("spawned");
    Path banners = Files.createDirectory(dir.resolve("banners"));
    Files.writeString(banners.resolve("shop"), "Hello\n");
    ConnectionFilter f =
        filter(
            "",
            "ALL: 127.0.0.2: banners " + banners + ": spawn touch " + file + "\n",
            "mode=dry-run",
            LogLevel.INFO);
    try (Socket c = connectFrom("127.0.0.2");
        Socket accepted = server.accept()) {
      assertThat(f.refuse(server, accepted)).isFalse();
      assertThat(accepted.isClosed()).isFalse();
      c.setSoTimeout(300);
      assertThat(c.getInputStream().available()).isZero();
    }
    Thread.sleep(300);
    assertThat(file).doesNotExist();
    assertThat(logged())
        .contains(
            "would send banner " + banners + "/shop (7 bytes) to 127.0.0.2",
            "would spawn touch " + file,
            "would refuse connect from 127.0.0.2 (127.0.0.2) [hosts.deny:1]");
  }

  @Test
  void dryRunTwistIsOnlyLogged() throws Exception {
    ConnectionFilter f =
        filter("ALL: 127.0.0.2: twist /bin/echo x\n", "", "mode=dry-run", LogLevel.INFO);
    try (Socket c = connectFrom("127.0.0.2");
        Socket accepted = server.accept()) {
      assertThat(f.refuse(server, accepted)).isFalse();
      assertThat(accepted.isClosed()).isFalse();
    }
    assertThat(logged()).contains("would twist 127.0.0.2 to /bin/echo x [hosts.allow:1]");
  }

  @Test
  void decisionsWithoutPlanStillWork() throws Exception {
    AgentConfig config = AgentConfig.load("daemon=shop", new Properties(), Map.of(), "x");
    log = AgentLog.toStream(LogLevel.INFO, out);
    ConnectionFilter f =
        new ConnectionFilter(
            config, (d, l, r, dualStack) -> new Decision(false, "h", "127.0.0.2", "test"), log);
    try (Socket c = connectFrom("127.0.0.2");
        Socket accepted = server.accept()) {
      assertThat(f.refuse(server, accepted)).isTrue();
    }
    assertThat(logged()).contains("refused connect from h (127.0.0.2)");
  }

  @Test
  void addressDecisionsSkipTheOrdinaryWayAndNameRulesTakeIt() throws Exception {
    ConnectionFilter f =
        filter(
            "shop: 127.0.0.1\nshop: 127.0.0.3\nshop: LOCAL EXCEPT 127.0.0.4\n",
            "ALL: ALL\n",
            "log-allowed=true",
            LogLevel.INFO);
    try (Socket c = connectFrom("127.0.0.2");
        Socket accepted = server.accept()) {
      assertThat(f.refuse(server, accepted)).isTrue();
      assertThat(accepted.isClosed()).isTrue();
    }
    try (Socket c = connectFrom("127.0.0.1");
        Socket accepted = server.accept()) {
      assertThat(f.refuse(server, accepted)).isFalse();
      assertThat(accepted.isClosed()).isFalse();
    }
    assertThat(logged())
        .contains(
            "refused connect from 127.0.0.2 (127.0.0.2)", "connect from 127.0.0.1 (127.0.0.1)");

    // the same verdicts whichever way a policy answers: one that never answers by address, one that
    // always does
    java.util.concurrent.atomic.AtomicInteger ordinary =
        new java.util.concurrent.atomic.AtomicInteger();
    AgentConfig config = AgentConfig.load("daemon=shop", new Properties(), Map.of(), "x");
    dev.tcpwrap.agent.engine.ConnectionPolicy byAddress =
        new dev.tcpwrap.agent.engine.ConnectionPolicy() {
          @Override
          public Decision decide(
              String daemon, InetSocketAddress local, InetSocketAddress remote, boolean dualStack) {
            ordinary.incrementAndGet();
            return new Decision(true, "x", "x", "test");
          }

          @Override
          public Decision decideByAddress(
              String daemon, java.net.InetAddress remote, boolean dualStack) {
            return remote.getHostAddress().equals("127.0.0.3")
                ? null
                : Decision.byAddress(
                    new dev.tcpwrap.core.access.AddressVerdict(
                        false, dev.tcpwrap.core.access.Verdict.Reason.DENY_RULE, null, null),
                    remote,
                    dualStack);
          }
        };
    ConnectionFilter g = new ConnectionFilter(config, byAddress, log);
    try (Socket c = connectFrom("127.0.0.2");
        Socket accepted = server.accept()) {
      assertThat(g.refuse(server, accepted)).isTrue();
    }
    try (Socket c = connectFrom("127.0.0.3");
        Socket accepted = server.accept()) {
      assertThat(g.refuse(server, accepted)).isFalse();
    }
    assertThat(ordinary).hasValue(1);
  }
}
