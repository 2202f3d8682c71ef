package dev.tcpwrap.agent.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpwrap.agent.log.AgentLog;
import dev.tcpwrap.agent.log.LogLevel;
import fake.tomcat.jni.Address;
import fake.tomcat.jni.Socket;
import fake.tomcat.util.net.AprEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connections of Tomcat's APR connector, on stand-ins for Tomcat's endpoint and libtcnative's
 * classes under another package prefix ({@code fake.tomcat}): what is checked and what is left to
 * Tomcat, the addresses as APR reports them, and the rule options.
 */
class AprConnectionTest {

  /** APR's IPv4 family. */
  private static final int INET = 1;

  /** A fresh handle per connection: the fakes keep what was done to each. */
  private static final AtomicLong HANDLES = new AtomicLong(1_000);

  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private AgentLog log;

  private ConnectionFilter filter(String allow, String deny) throws Exception {
    return filter(allow, deny, "");
  }

  private ConnectionFilter filter(String allow, String deny, String args) throws Exception {
    log = AgentLog.toStream(LogLevel.DEBUG, out);
    return RuleFilters.of(dir, allow, deny, "daemon=tc,log-allowed=true" + args, log);
  }

  private String logged() {
    log.flush();
    return out.toString(StandardCharsets.UTF_8);
  }

  private static long socket(String local, String remote, int family) {
    long h = HANDLES.incrementAndGet();
    Address.set(h, local, 8080, remote, 40000, family);
    return h;
  }

  @Test
  void aRefusedSocketIsDestroyedAndAnAllowedOneLeftToTomcat() throws Exception {
    ConnectionFilter f = filter("", "ALL: 127.0.0.2\n");
    AprEndpoint endpoint = new AprEndpoint();
    long refused = socket("127.0.0.1", "127.0.0.2", INET);
    long allowed = socket("127.0.0.1", "127.0.0.1", INET);
    assertThat(f.refuseApr(endpoint, refused)).isTrue();
    assertThat(f.refuseApr(endpoint, allowed)).isFalse();
    assertThat(Socket.DESTROYED).contains(refused).doesNotContain(allowed);
    assertThat(logged())
        .contains("tc[", "]: refused connect from 127.0.0.2 (127.0.0.2)")
        .contains("]: connect from 127.0.0.1 (127.0.0.1)");
  }

  @Test
  void aSocketTomcatCountedAlreadyIsDestroyedThroughTheEndpointThatCountsItDown() throws Exception {
    ConnectionFilter f = filter("", "ALL: 127.0.0.2\n");
    AprEndpoint endpoint = new AprEndpoint();
    long h = socket("127.0.0.1", "127.0.0.2", INET);
    assertThat(f.refuseAprHandedOn(endpoint, h)).isTrue();
    assertThat(endpoint.destroyedCounted).containsExactly(h);
    assertThat(Socket.DESTROYED).doesNotContain(h);
    assertThat(logged()).contains("]: refused connect from 127.0.0.2 (127.0.0.2)");
  }

  @Test
  void whilePausedOrStoppingAndOnUnixDomainListenersSocketsAreLeftToTomcat() throws Exception {
    ConnectionFilter f = filter("", "ALL: ALL\n");
    AprEndpoint endpoint = new AprEndpoint();
    endpoint.paused = true;
    long whilePaused = socket("127.0.0.1", "127.0.0.2", INET);
    assertThat(f.refuseApr(endpoint, whilePaused)).isFalse();
    endpoint.paused = false;
    endpoint.running = false;
    long whileStopping = socket("127.0.0.1", "127.0.0.2", INET);
    assertThat(f.refuseApr(endpoint, whileStopping)).isFalse();
    endpoint.running = true;
    endpoint.unixDomainSocketPath = "/run/tomcat.sock";
    long unixListener = socket("127.0.0.1", "127.0.0.2", INET);
    assertThat(f.refuseApr(endpoint, unixListener)).isFalse();
    endpoint.unixDomainSocketPath = null;
    long unixPeer = socket("/run/x.sock", "", TomcatApr.UNIX);
    assertThat(f.refuseApr(endpoint, unixPeer)).isFalse();
    assertThat(Socket.DESTROYED).doesNotContain(whilePaused, whileStopping, unixListener, unixPeer);
    assertThat(logged()).doesNotContain("refused connect");
  }

  @Test
  void anIpv4ClientOfAnIpv6ListenerIsIpv4Mapped() throws Exception {
    ConnectionFilter f = filter("", "ALL: 127.0.0.2\n");
    // APR's family is INET6, its text the plain dotted address
    long h = socket("127.0.0.1", "127.0.0.2", TomcatApr.INET6);
    assertThat(f.refuseApr(new AprEndpoint(), h)).isTrue();
    assertThat(logged()).contains("]: refused connect from ::ffff:127.0.0.2 (::ffff:127.0.0.2)");
  }

  @Test
  void addressesAreReadAsNumbersNeverLookedUp() throws Exception {
    assertThat(AprConnection.ip("127.0.0.2")).isInstanceOf(Inet4Address.class);
    assertThat(AprConnection.ip("2001:db8::1")).isInstanceOf(Inet6Address.class);
    assertThat(((Inet6Address) AprConnection.ip("fe80::1%7")).getScopeId()).isEqualTo(7);
    assertThatThrownBy(() -> AprConnection.ip("localhost")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> AprConnection.ip(null)).isInstanceOf(IOException.class);
  }

  @Test
  void bannersAndKeepaliveOnAnAllowedSocketTwistRefusesAndLingerIsAWarning() throws Exception {
    Path banners = Files.createDirectory(dir.resolve("banners"));
    Files.writeString(banners.resolve("tc"), "Hello %a\n");
    ConnectionFilter f =
        filter(
            "tc: 127.0.0.1: banners " + banners + ": keepalive: linger 5\n",
            "tc: 127.0.0.2: twist /bin/cat\n");
    AprEndpoint endpoint = new AprEndpoint();
    long allowed = socket("127.0.0.1", "127.0.0.1", INET);
    assertThat(f.refuseApr(endpoint, allowed)).isFalse();
    assertThat(Socket.SENT.get(allowed)).hasToString("Hello 127.0.0.1\r\n");
    assertThat(Socket.TIMEOUTS.get(allowed)).as("its own timeout back").isEqualTo(-1L);
    assertThat(Socket.OPTIONS).contains(allowed + ":" + TomcatApr.SO_KEEPALIVE + "=1");
    assertThat(Socket.OPTIONS).noneMatch(o -> o.startsWith(allowed + ":" + TomcatApr.SO_LINGER));
    assertThat(logged()).contains("warning: setsockopt SO_LINGER 5: not set");

    long twisted = socket("127.0.0.1", "127.0.0.2", INET);
    assertThat(f.refuseApr(endpoint, twisted)).isTrue();
    assertThat(Socket.DESTROYED).contains(twisted);
    assertThat(logged())
        .contains("warning: twist /bin/cat not possible on a connection of Tomcat's APR connector")
        .contains("]: refused connect from 127.0.0.2 (127.0.0.2)");
    assertThat(f.stats().twisted()).isZero();
  }

  @Test
  void inDryRunATwistRuleSaysItWouldRefuse() throws Exception {
    ConnectionFilter f = filter("", "tc: 127.0.0.2: twist /bin/cat\n", ",mode=dry-run");
    long h = socket("127.0.0.1", "127.0.0.2", INET);
    assertThat(f.refuseApr(new AprEndpoint(), h)).isFalse();
    assertThat(Socket.DESTROYED).doesNotContain(h);
    assertThat(logged())
        .contains(
            "]: would refuse connect from 127.0.0.2 (127.0.0.2) (twist not possible on a"
                + " connection of Tomcat's APR connector) [hosts.deny:1]");
  }

  @Test
  void aTlsConnectorGetsNoBanner() throws Exception {
    Path banners = Files.createDirectory(dir.resolve("banners"));
    Files.writeString(banners.resolve("tc"), "Hello %a\n");
    ConnectionFilter f = filter("tc: ALL: banners " + banners + "\n", "");
    AprEndpoint endpoint = new AprEndpoint();
    endpoint.ssl = true;
    long h = socket("127.0.0.1", "127.0.0.1", INET);
    assertThat(f.refuseApr(endpoint, h)).isFalse();
    assertThat(Socket.SENT).doesNotContainKey(h);
  }
}
