package dev.tcpwrap.agent.config;

import java.util.Locale;

/**
 * The agent's configuration keys. Each key {@code k} may be given as agent argument {@code k=v}, as
 * system property {@code -Dtcpwrap.k=v} or as environment variable {@code TCPWRAP_K} ({@code .} and
 * {@code -} become {@code _}); arguments win over properties, properties over the environment.
 */
public enum Key {
  /**
   * The daemon (process) name rules are matched against. Default: the main jar's or main class's
   * name.
   */
  DAEMON("daemon", null),
  /**
   * {@code daemon.PORT=NAME}: the daemon name for connections accepted on local port PORT (a key
   * family).
   */
  DAEMON_PORT("daemon.PORT", null),
  /** Path of hosts.allow. */
  ALLOW("allow", "/etc/hosts.allow"),
  /** Path of hosts.deny. */
  DENY("deny", "/etc/hosts.deny"),
  /**
   * {@code enforce} refuses; {@code dry-run} only logs {@code would refuse} and lets the client
   * through.
   */
  MODE("mode", "enforce"),
  /**
   * What an internal failure of a check means: {@code deny} (default, tcp_wrappers' "play safe") or
   * allow.
   */
  ONERROR("onerror", "deny"),
  /**
   * Upper bound of one host-name lookup, e.g. {@code 500ms}, {@code 2s}; a timed-out lookup is
   * unknown.
   */
  DNS_TIMEOUT("dns-timeout", "2s"),
  /**
   * Where log lines go: {@code stderr} (default), {@code stdout}, {@code slf4j} (the application's
   * own SLF4J, loggers {@code tcpwrap} and {@code tcpwrap.DAEMON}), syslog ({@code syslog} for
   * {@code /dev/log}, {@code syslog:/SOCKET}, {@code syslog://HOST:PORT} over UDP, {@code
   * syslog+tcp://HOST:PORT}), or a file path (appended to, reopened after rotation).
   */
  LOG("log", "stderr"),
  /** {@code off}, {@code error}, {@code warn}, {@code info} (default), {@code debug}. */
  LOG_LEVEL("log-level", "info"),
  /** {@code true} also logs permitted connections ({@code connect from ...}), as tcpd does. */
  LOG_ALLOWED("log-allowed", "false"),
  /**
   * How often the rule files are looked at for changes, e.g. {@code 250ms} (default), {@code 1s};
   * {@code off} loads them once at start.
   */
  RELOAD("reload", "250ms"),
  /**
   * The most {@code spawn} and {@code twist} commands running at once (together), 1..1024; default
   * 8. A command over the bound is dropped (a twisted client is closed), counted, and reported once
   * per 10 s.
   */
  SPAWN_MAX("spawn-max", "8"),
  /**
   * The most {@code spawn} and {@code twist} commands started per second (together), 1..10000;
   * default 10.
   */
  SPAWN_RATE("spawn-rate", "10"),
  /**
   * Upper bound of an RFC 1413 ident query made because a rule needs the user ({@code user@host}
   * patterns, {@code %u}), e.g. {@code 500ms}, {@code 10s} (default, as libwrap); an {@code rfc931
   * N} option sets its own. The query runs on the accepting thread, as in tcpd; a timed-out query
   * gives the user {@code unknown}.
   */
  IDENT_TIMEOUT("ident-timeout", "10s"),
  /**
   * The largest rule or pattern file read, in bytes with an optional {@code k}, {@code m} or {@code
   * g}, e.g. {@code 64m} (default); a larger file cannot be read (hosts.deny then refuses every
   * client not allowed by hosts.allow, as for any file that cannot be read).
   */
  MAX_FILE_SIZE("max-file-size", "64m"),
  /**
   * The per-user cache of transformed JDK classes, which spares later starts Byte Buddy's set-up: a
   * directory, {@code off}, or {@code default} ({@code $XDG_CACHE_HOME/tcpwrap}, else {@code
   * ~/.cache/tcpwrap}). Read by the instrumentation before the rest of the configuration ({@code
   * TransformCache.configure}).
   */
  CACHE("cache", "default"),
  /** Testing only: {@code decide} makes every access check throw, to exercise {@code onerror}. */
  TEST_FAULT("test-fault", "none");

  /** The key as written in agent arguments. */
  private final String name;

  /** The default value as text, or {@code null} if derived at run time. */
  private final String defaultValue;

  Key(String name, String defaultValue) {
    this.name = name;
    this.defaultValue = defaultValue;
  }

  /**
   * @return the key as written in agent arguments
   */
  public String key() {
    return name;
  }

  /**
   * @return the default value as text, or {@code null} if it is derived
   */
  public String defaultValue() {
    return defaultValue;
  }

  /**
   * @return the system property for a key name, e.g. {@code tcpwrap.log-level}
   */
  public static String propertyName(String key) {
    return "tcpwrap." + key;
  }

  /**
   * @return the environment variable for a key name, e.g. {@code TCPWRAP_LOG_LEVEL}
   */
  public static String envName(String key) {
    return "TCPWRAP_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /**
   * @return the key with this name, or {@code null}; {@code daemon.<digits>} is {@link
   *     #DAEMON_PORT}
   */
  public static Key byName(String key) {
    if (key.startsWith("daemon.")) {
      return DAEMON_PORT;
    }
    for (Key k : values()) {
      if (k != DAEMON_PORT && k.name.equals(key)) {
        return k;
      }
    }
    return null;
  }
}
