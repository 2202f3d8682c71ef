package dev.tcpwrap.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpwrap.agent.log.LogLevel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class AgentConfigTest {

  private static AgentConfig load(String args, Map<String, String> props, Map<String, String> env)
      throws ConfigException {
    Properties p = new Properties();
    p.putAll(props);
    return AgentConfig.load(args, p, env, "com.example.ShopServer --port 80");
  }

  @Test
  void defaults() throws Exception {
    AgentConfig c = load(null, Map.of(), Map.of());
    assertThat(c.daemon()).isEqualTo("ShopServer");
    assertThat(c.allowFile()).isEqualTo(Path.of("/etc/hosts.allow"));
    assertThat(c.denyFile()).isEqualTo(Path.of("/etc/hosts.deny"));
    assertThat(c.mode()).isEqualTo(AgentConfig.Mode.ENFORCE);
    assertThat(c.denyOnError()).isTrue();
    assertThat(c.dnsTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.log()).isEqualTo("stderr");
    assertThat(c.logLevel()).isEqualTo(LogLevel.INFO);
    assertThat(c.logAllowed()).isFalse();
    assertThat(c.faultDecide()).isFalse();
    assertThat(c.reloadInterval()).isEqualTo(Duration.ofMillis(250));
    assertThat(c.describe())
        .contains("daemon=ShopServer (derived)", "mode=enforce (default)", "reload=250ms (default)")
        .doesNotContain("test-fault");
  }

  @Test
  void maxFileSize() throws Exception {
    assertThat(load(null, Map.of(), Map.of()).maxFileSize()).isEqualTo(64L << 20);
    assertThat(load("max-file-size=512k", Map.of(), Map.of()).maxFileSize()).isEqualTo(512L << 10);
    assertThat(load(null, Map.of(), Map.of("TCPWRAP_MAX_FILE_SIZE", "2g")).maxFileSize())
        .isEqualTo(2L << 30);
    assertThat(load("max-file-size=4096", Map.of(), Map.of()).maxFileSize()).isEqualTo(4096);
    assertThatThrownBy(() -> load("max-file-size=3g", Map.of(), Map.of()))
        .hasMessage(
            "bad value '3g' (argument): expected a size between 1024 bytes and 2g, e.g. 64m");
    assertThatThrownBy(() -> load("max-file-size=64 MB", Map.of(), Map.of()))
        .hasMessageContaining("expected a size");
  }

  @Test
  void commandBoundsAndIdentTimeout() throws Exception {
    AgentConfig c = load(null, Map.of(), Map.of());
    assertThat(c.spawnMax()).isEqualTo(8);
    assertThat(c.spawnRate()).isEqualTo(10);
    assertThat(c.identTimeout()).isEqualTo(Duration.ofSeconds(10));
    c =
        load(
            "spawn-max=2,spawn-rate=500",
            Map.of("tcpwrap.ident-timeout", "300ms"),
            Map.of("TCPWRAP_SPAWN_MAX", "4"));
    assertThat(c.spawnMax()).isEqualTo(2);
    assertThat(c.spawnRate()).isEqualTo(500);
    assertThat(c.identTimeout()).isEqualTo(Duration.ofMillis(300));
    assertThatThrownBy(() -> load("spawn-max=0", Map.of(), Map.of()))
        .hasMessage("bad value '0' (argument): expected a whole number between 1 and 1024");
    assertThatThrownBy(() -> load("spawn-rate=x", Map.of(), Map.of()))
        .hasMessageContaining("expected a whole number between 1 and 10000");
    assertThatThrownBy(() -> load("ident-timeout=0s", Map.of(), Map.of()))
        .hasMessageContaining("expected a duration");
  }

  @Test
  void argumentsWinOverPropertiesOverEnvironment() throws Exception {
    AgentConfig c =
        load(
            "mode=dry-run",
            Map.of("tcpwrap.mode", "enforce", "tcpwrap.onerror", "allow"),
            Map.of(
                "TCPWRAP_MODE",
                "enforce",
                "TCPWRAP_ONERROR",
                "deny",
                "TCPWRAP_LOG_LEVEL",
                "debug"));
    assertThat(c.mode()).isEqualTo(AgentConfig.Mode.DRY_RUN);
    assertThat(c.denyOnError()).isFalse();
    assertThat(c.logLevel()).isEqualTo(LogLevel.DEBUG);
    assertThat(c.describe())
        .contains(
            "mode=dry-run (argument)",
            "onerror=allow (property tcpwrap.onerror)",
            "log-level=debug (env TCPWRAP_LOG_LEVEL)");
  }

  @Test
  void valuesMayContainCommas() throws Exception {
    AgentConfig c = load("allow=/etc/a,b/hosts.allow,deny=/x", Map.of(), Map.of());
    assertThat(c.allowFile()).isEqualTo(Path.of("/etc/a,b/hosts.allow"));
    assertThat(c.denyFile()).isEqualTo(Path.of("/x"));
  }

  @Test
  void perPortDaemonNamesFromAllSources() throws Exception {
    AgentConfig c =
        load(
            "daemon=web,daemon.8443=tls",
            Map.of("tcpwrap.daemon.22", "sshd"),
            Map.of("TCPWRAP_DAEMON_25", "smtp"));
    assertThat(c.daemonFor(8443)).isEqualTo("tls");
    assertThat(c.daemonFor(22)).isEqualTo("sshd");
    assertThat(c.daemonFor(25)).isEqualTo("smtp");
    assertThat(c.daemonFor(80)).isEqualTo("web");
  }

  @Test
  void unknownKeysAreErrorsInArgumentsAndProperties() {
    assertThatThrownBy(() -> load("mdoe=dry-run", Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "unknown configuration key 'mdoe' (agent argument); known keys: daemon,");
    assertThatThrownBy(() -> load(null, Map.of("tcpwrap.x", "1"), Map.of()))
        .hasMessageStartingWith("unknown configuration key 'x' (system property -Dtcpwrap.x)");
  }

  @Test
  void unknownEnvironmentVariablesAreWarnings() throws Exception {
    AgentConfig c = load(null, Map.of(), Map.of("TCPWRAP_HOME", "/opt"));
    assertThat(c.warnings()).containsExactly("ignoring unknown environment variable TCPWRAP_HOME");
  }

  @Test
  void badValuesAreOneLineErrors() {
    assertThatThrownBy(() -> load("mode=strict", Map.of(), Map.of()))
        .hasMessage("bad value 'strict' (argument): expected one of enforce, dry-run");
    assertThatThrownBy(() -> load("dns-timeout=5 minutes", Map.of(), Map.of()))
        .hasMessage("bad value '5 minutes' (argument): expected a duration such as 500ms or 2s");
    assertThatThrownBy(() -> load("dns-timeout=61s", Map.of(), Map.of()))
        .hasMessageContaining("between 1ms and 60s");
    assertThatThrownBy(() -> load("daemon.99999=x", Map.of(), Map.of()))
        .hasMessageContaining("PORT in 1..65535");
    assertThatThrownBy(() -> load("daemon=a b", Map.of(), Map.of()))
        .hasMessageContaining("expected a name without spaces");
    assertThatThrownBy(() -> load("daemon", Map.of(), Map.of()))
        .hasMessage("malformed agent argument 'daemon': expected key=value[,key=value...]");
    assertThatThrownBy(() -> load("daemon=x\ny", Map.of(), Map.of())).hasMessageContaining("\\x0a");
  }

  /** A valid value other than the default for every key: a new key must be added here. */
  private static final Map<Key, String> SAMPLES =
      Map.ofEntries(
          Map.entry(Key.DAEMON, "x"),
          Map.entry(Key.DAEMON_PORT, "tls"),
          Map.entry(Key.ALLOW, "/a"),
          Map.entry(Key.DENY, "/d"),
          Map.entry(Key.MODE, "dry-run"),
          Map.entry(Key.ONERROR, "allow"),
          Map.entry(Key.DNS_TIMEOUT, "3s"),
          Map.entry(Key.LOG, "slf4j"),
          Map.entry(Key.LOG_LEVEL, "debug"),
          Map.entry(Key.LOG_ALLOWED, "true"),
          Map.entry(Key.RELOAD, "off"),
          Map.entry(Key.SPAWN_MAX, "3"),
          Map.entry(Key.SPAWN_RATE, "20"),
          Map.entry(Key.IDENT_TIMEOUT, "500ms"),
          Map.entry(Key.MAX_FILE_SIZE, "1m"),
          Map.entry(Key.CACHE, "off"),
          Map.entry(Key.TEST_FAULT, "decide"));

  @Test
  void everyKeyIsMirroredAsSystemPropertyAndEnvironmentVariable() throws Exception {
    assertThat(SAMPLES.keySet()).containsExactlyInAnyOrder(Key.values());
    for (Key k : Key.values()) {
      String key = k == Key.DAEMON_PORT ? "daemon.8443" : k.key();
      String value = SAMPLES.get(k);
      String prop = Key.propertyName(key);
      String env = Key.envName(key);
      assertThat(env).matches("TCPWRAP_[A-Z0-9_]+");
      assertThat(load(null, Map.of(prop, value), Map.of()).describe())
          .contains(key + "=" + value + " (property " + prop + ")");
      AgentConfig fromEnv = load(null, Map.of(), Map.of(env, value));
      assertThat(fromEnv.describe()).as(env).contains(key + "=" + value + " (env " + env + ")");
      assertThat(fromEnv.warnings()).as(env).isEmpty();
      assertThat(
              load(key + "=" + value, Map.of(prop, "bad value"), Map.of(env, "bad value"))
                  .describe())
          .contains(key + "=" + value + " (argument)");
    }
    assertThat(Key.envName("log-allowed")).isEqualTo("TCPWRAP_LOG_ALLOWED");
    assertThat(Key.envName("daemon.8443")).isEqualTo("TCPWRAP_DAEMON_8443");
  }

  @Test
  void badValuesFromEverySourceNameTheirSource() {
    assertThatThrownBy(() -> load(null, Map.of("tcpwrap.reload", "fast"), Map.of()))
        .hasMessage(
            "bad value 'fast' (property tcpwrap.reload): expected a duration such as 500ms or 2s or off");
    assertThatThrownBy(() -> load(null, Map.of(), Map.of("TCPWRAP_LOG_ALLOWED", "yes")))
        .hasMessage("bad value 'yes' (env TCPWRAP_LOG_ALLOWED): expected one of true, false");
    assertThatThrownBy(() -> load("reload=5ms", Map.of(), Map.of()))
        .hasMessageContaining("between 10ms and 3600s or off");
  }

  @Test
  void reloadAndLogDestinations() throws Exception {
    assertThat(load("reload=off", Map.of(), Map.of()).reloadInterval()).isNull();
    assertThat(load("reload=OFF", Map.of(), Map.of()).reloadInterval()).isNull();
    assertThat(load("reload=1s", Map.of(), Map.of()).reloadInterval())
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(load("log=slf4j", Map.of(), Map.of()).log()).isEqualTo("slf4j");
    assertThat(load("log=/var/log/a,b.log", Map.of(), Map.of()).log())
        .isEqualTo("/var/log/a,b.log");
    assertThatThrownBy(() -> load("log= ", Map.of(), Map.of()))
        .hasMessageContaining("expected a non-empty value");
    assertThat(load("log=syslog+tcp://[::1]:601", Map.of(), Map.of()).log())
        .isEqualTo("syslog+tcp://[::1]:601");
    assertThatThrownBy(() -> load("log=syslog://logs:99999", Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("bad value 'syslog://logs:99999' (argument): expected a port in 1..65535");
    assertThatThrownBy(() -> load(null, Map.of("tcpwrap.log", "syslog+tls://logs"), Map.of()))
        .hasMessageStartingWith(
            "bad value 'syslog+tls://logs' (property tcpwrap.log): expected syslog,");
  }

  @Test
  void aKeyGivenTwiceIsAnErrorNotTheLastOneSilently() throws Exception {
    assertThatThrownBy(() -> load("deny=/a,deny=/b", Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("agent argument 'deny' given twice");
    // the argument still wins over a property and the environment: that is no duplicate
    assertThat(
            load("deny=/a", Map.of("tcpwrap.deny", "/b"), Map.of("TCPWRAP_DENY", "/c")).denyFile())
        .isEqualTo(Path.of("/a"));
  }

  @Test
  void oneKeyIsReadAheadTheWayTheConfigurationSplitsArguments() {
    assertThat(AgentConfig.argument("daemon=x,cache=/tmp/a,b,log=stderr", "cache"))
        .isEqualTo("/tmp/a,b");
    assertThat(AgentConfig.argument("daemon=x", "cache")).isNull();
    assertThat(AgentConfig.argument(null, "cache")).isNull();
  }
}
