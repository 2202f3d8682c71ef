package dev.tcpwrap.agent.config;

import dev.tcpwrap.agent.log.LogLevel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The agent's validated, typed configuration (see {@link Key} for the keys and the precedence
 * argument &gt; {@code -Dtcpwrap.KEY} &gt; {@code TCPWRAP_KEY} &gt; default).
 *
 * <p>Unknown keys in arguments or {@code tcpwrap.*} system properties and bad values are errors
 * ({@link ConfigException}); unknown {@code TCPWRAP_*} environment variables are only warnings,
 * since the environment is shared with other programs.
 */
public final class AgentConfig {

  /** Whether refusals are carried out. */
  public enum Mode {
    /** Refused connections are closed. */
    ENFORCE,
    /** Refused connections are logged as {@code would refuse} and let through. */
    DRY_RUN
  }

  private final Map<String, Setting> settings;
  private final List<String> warnings;
  private final String daemon;
  private final Map<Integer, String> portDaemons;
  private final Mode mode;
  private final boolean denyOnError;
  private final Duration dnsTimeout;
  private final LogLevel logLevel;
  private final boolean logAllowed;
  private final boolean faultDecide;
  private final Duration reload;
  private final int spawnMax;
  private final int spawnRate;
  private final Duration identTimeout;
  private final long maxFileSize;

  private AgentConfig(Map<String, Setting> settings, List<String> warnings) throws ConfigException {
    this.settings = settings;
    this.warnings = warnings;
    this.daemon = Values.name(get(Key.DAEMON));
    this.portDaemons = portDaemons(settings);
    this.mode = Mode.values()[Values.choice(get(Key.MODE), "enforce", "dry-run")];
    this.denyOnError = Values.choice(get(Key.ONERROR), "deny", "allow") == 0;
    this.dnsTimeout =
        Values.duration(get(Key.DNS_TIMEOUT), Duration.ofMillis(1), Duration.ofSeconds(60));
    this.logLevel =
        LogLevel.values()[
            Values.choice(get(Key.LOG_LEVEL), "off", "error", "warn", "info", "debug")];
    this.logAllowed = Values.choice(get(Key.LOG_ALLOWED), "true", "false") == 0;
    this.faultDecide = Values.choice(get(Key.TEST_FAULT), "decide", "none") == 0;
    this.reload =
        get(Key.RELOAD).value().trim().equalsIgnoreCase("off")
            ? null
            : Values.duration(
                get(Key.RELOAD), Duration.ofMillis(10), Duration.ofSeconds(3600), "or off");
    this.spawnMax = Values.integer(get(Key.SPAWN_MAX), 1, 1024);
    this.spawnRate = Values.integer(get(Key.SPAWN_RATE), 1, 10_000);
    this.identTimeout =
        Values.duration(get(Key.IDENT_TIMEOUT), Duration.ofMillis(1), Duration.ofSeconds(300));
    this.maxFileSize = Values.size(get(Key.MAX_FILE_SIZE), 1024, 1L << 31);
    Values.nonEmpty(get(Key.ALLOW));
    Values.nonEmpty(get(Key.DENY));
    Values.logTarget(get(Key.LOG));
    Values.nonEmpty(get(Key.CACHE));
  }

  /**
   * One key of an agent argument, read before the configuration is (the transformed-class cache is
   * needed first); {@link #load} validates it again with all the others.
   *
   * @param agentArgs the agent argument, or null
   * @param key the key
   * @return its raw value, trimmed; {@code null} if not given
   */
  public static String argument(String agentArgs, String key) {
    if (agentArgs == null || agentArgs.isBlank()) {
      return null;
    }
    String value = null;
    for (String pair : Sources.pairs(agentArgs)) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).trim().equals(key)) {
        value = pair.substring(eq + 1).trim();
      }
    }
    return value;
  }

  /**
   * Reads the configuration.
   *
   * @param agentArgs the agent argument string {@code key=value,...}, may be {@code null}
   * @param properties the system properties
   * @param env the environment
   * @param javaCommand the {@code sun.java.command} property, used to derive the default daemon
   *     name
   * @return the validated configuration
   * @throws ConfigException on unknown keys or bad values, with a one-line message
   */
  public static AgentConfig load(
      String agentArgs, Properties properties, Map<String, String> env, String javaCommand)
      throws ConfigException {
    Map<String, Setting> settings = new LinkedHashMap<>();
    List<String> warnings = new ArrayList<>();
    for (Key k : Key.values()) {
      if (k.defaultValue() != null) {
        settings.put(k.key(), new Setting(k.defaultValue(), "default"));
      }
    }
    settings.put(Key.DAEMON.key(), new Setting(DaemonName.derive(javaCommand), "derived"));
    Sources.fromEnvironment(env, settings, warnings);
    Sources.fromProperties(properties, settings);
    Sources.fromArguments(agentArgs, settings);
    return new AgentConfig(settings, warnings);
  }

  // the daemon.PORT entries, validated
  private static Map<Integer, String> portDaemons(Map<String, Setting> settings)
      throws ConfigException {
    Map<Integer, String> ports = new TreeMap<>();
    for (Map.Entry<String, Setting> e : settings.entrySet()) {
      if (e.getKey().startsWith("daemon.")) {
        String port = e.getKey().substring("daemon.".length());
        ports.put(Values.port(e.getKey(), port, e.getValue()), Values.name(e.getValue()));
      }
    }
    return Collections.unmodifiableMap(ports);
  }

  private Setting get(Key key) {
    return settings.get(key.key());
  }

  /**
   * @return the daemon name for connections accepted on a local port
   */
  public String daemonFor(int localPort) {
    // asked for every connection: most configurations have no per-port names, so no boxing, no
    // lookup
    return portDaemons.isEmpty() ? daemon : portDaemons.getOrDefault(localPort, daemon);
  }

  /**
   * @return every daemon name connections may be checked as: the default and the per-port ones
   */
  public java.util.Set<String> daemonNames() {
    java.util.Set<String> names = new java.util.LinkedHashSet<>();
    names.add(daemon);
    names.addAll(portDaemons.values());
    return names;
  }

  /**
   * @return the default daemon name
   */
  public String daemon() {
    return daemon;
  }

  /**
   * @return the hosts.allow path
   */
  public Path allowFile() {
    return Path.of(get(Key.ALLOW).value());
  }

  /**
   * @return the hosts.deny path
   */
  public Path denyFile() {
    return Path.of(get(Key.DENY).value());
  }

  /**
   * @return enforce or dry-run
   */
  public Mode mode() {
    return mode;
  }

  /**
   * @return {@code true} if an internal failure refuses the connection ({@code onerror=deny})
   */
  public boolean denyOnError() {
    return denyOnError;
  }

  /**
   * @return the largest rule or pattern file read, in bytes
   */
  public long maxFileSize() {
    return maxFileSize;
  }

  /**
   * @return the upper bound of one host-name lookup
   */
  public Duration dnsTimeout() {
    return dnsTimeout;
  }

  /**
   * @return {@code stderr}, {@code stdout}, {@code slf4j}, a syslog form or a file path ({@link
   *     dev.tcpwrap.agent.log.LogTarget}), validated
   */
  public String log() {
    return get(Key.LOG).value();
  }

  /**
   * @return the log level
   */
  public LogLevel logLevel() {
    return logLevel;
  }

  /**
   * @return whether permitted connections are logged
   */
  public boolean logAllowed() {
    return logAllowed;
  }

  /**
   * @return whether the test-only fault injection makes every check throw
   */
  public boolean faultDecide() {
    return faultDecide;
  }

  /**
   * @return the time between looks at the rule files, or {@code null} if they are not reloaded
   *     ({@code off})
   */
  public Duration reloadInterval() {
    return reload;
  }

  /**
   * @return the most {@code spawn}/{@code twist} commands running at once ({@code spawn-max})
   */
  public int spawnMax() {
    return spawnMax;
  }

  /**
   * @return the most {@code spawn}/{@code twist} commands started per second ({@code spawn-rate})
   */
  public int spawnRate() {
    return spawnRate;
  }

  /**
   * @return the bound of an ident query a rule needs ({@code ident-timeout})
   */
  public Duration identTimeout() {
    return identTimeout;
  }

  /**
   * @return warnings found while reading (unknown environment variables)
   */
  public List<String> warnings() {
    return warnings;
  }

  /**
   * @return the effective configuration as one line, each value with its source
   */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Setting> e : settings.entrySet()) {
      if (e.getKey().equals(Key.TEST_FAULT.key()) && !faultDecide) {
        continue;
      }
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(e.getKey())
          .append('=')
          .append(e.getValue().value())
          .append(" (")
          .append(e.getValue().source())
          .append(')');
    }
    return sb.toString();
  }
}
