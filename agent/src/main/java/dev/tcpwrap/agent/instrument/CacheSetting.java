package dev.tcpwrap.agent.instrument;

import java.nio.file.Path;

/**
 * Where the {@link TransformCache} lives: the {@code cache} setting of this start, taken ahead of
 * the rest of the configuration because the instrumentation needs the cache before the
 * configuration is read. The root comes from the setting, else the system property {@value
 * TransformCache#PROPERTY} ({@code off} disables the cache), else {@code $XDG_CACHE_HOME/tcpwrap},
 * else {@code ~/.cache/tcpwrap}. A value {@value #READ_ONLY}{@code DIR} names a cache prepared by
 * another user, used without writing ({@link PreparedFiles}).
 */
final class CacheSetting {

  /** The prefix of a read-only cache's directory: {@code cache=readonly:/var/cache/tcpwrap}. */
  static final String READ_ONLY = "readonly:";

  private CacheSetting() {}

  /**
   * The {@code cache} setting of this start (argument, else property, else environment), or null.
   */
  private static volatile String setting;

  /**
   * Takes the {@code cache} key the way the configuration does (agent argument, then {@code
   * -Dtcpwrap.cache}, then {@code TCPWRAP_CACHE}), before the rest of the configuration is read:
   * the cache is needed first. The configuration validates the key again with all the others.
   *
   * @param agentArgs the agent's argument string, or null
   */
  static void configure(String agentArgs) {
    String value = dev.tcpwrap.agent.config.AgentConfig.argument(agentArgs, "cache");
    if (value == null) {
      value = System.getProperty(TransformCache.PROPERTY);
    }
    if (value == null) {
      value = System.getenv("TCPWRAP_CACHE");
    }
    setting = value;
  }

  /**
   * The configured root directory.
   *
   * @return the root, or {@code null} if the cache is off
   */
  static Path root() {
    String p = value();
    if (p != null && p.startsWith(READ_ONLY)) {
      String dir = p.substring(READ_ONLY.length()).trim();
      return dir.isEmpty() ? null : Path.of(dir).toAbsolutePath();
    }
    if (p != null && !p.isBlank() && !p.trim().equals("default")) {
      return p.trim().equals("off") ? null : Path.of(p.trim()).toAbsolutePath();
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    if (xdg != null && xdg.startsWith("/")) {
      return Path.of(xdg, "tcpwrap");
    }
    return Path.of(System.getProperty("user.home"), ".cache", "tcpwrap");
  }

  /**
   * @return whether the configured cache is a prepared one, read and never written
   */
  static boolean readOnly() {
    String p = value();
    return p != null && p.startsWith(READ_ONLY);
  }

  private static String value() {
    String p = setting;
    if (p == null) {
      p = System.getProperty(TransformCache.PROPERTY);
    }
    return p == null ? null : p.trim();
  }
}
