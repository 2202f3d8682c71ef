package dev.tcpwrap.agent.config;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Reads raw settings from the three sources, each overriding what the previous one put. */
final class Sources {

  /**
   * Splits agent arguments on commas that start a new {@code key=} (JaCoCo's rule: values may hold
   * commas).
   */
  private static final Pattern ARG_SPLIT = Pattern.compile(",(?=[A-Za-z][A-Za-z0-9.-]*=)");

  private Sources() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /** {@code TCPWRAP_*} variables; unknown ones are only warnings. */
  static void fromEnvironment(
      Map<String, String> env, Map<String, Setting> out, List<String> warnings) {
    for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
      String name = e.getKey();
      if (!name.startsWith("TCPWRAP_")) {
        continue;
      }
      String key = keyOfEnv(name);
      if (key == null) {
        warnings.add("ignoring unknown environment variable " + name);
      } else {
        out.put(key, new Setting(e.getValue(), "env " + name));
      }
    }
  }

  // TCPWRAP_LOG_LEVEL -> log-level, TCPWRAP_DAEMON_8080 -> daemon.8080
  private static String keyOfEnv(String name) {
    String rest = name.substring("TCPWRAP_".length());
    if (rest.startsWith("DAEMON_")
        && rest.length() > 7
        && rest.substring(7).chars().allMatch(Character::isDigit)) {
      return "daemon." + rest.substring(7);
    }
    for (Key k : Key.values()) {
      if (k != Key.DAEMON_PORT && Key.envName(k.key()).equals(name)) {
        return k.key();
      }
    }
    return null;
  }

  /** {@code tcpwrap.*} system properties; unknown keys are errors. */
  static void fromProperties(Properties properties, Map<String, Setting> out)
      throws ConfigException {
    for (String name : new TreeMap<>(toMap(properties)).keySet()) {
      if (!name.startsWith("tcpwrap.")) {
        continue;
      }
      String key = name.substring("tcpwrap.".length());
      checkKnown(key, "system property -D" + name);
      out.put(key, new Setting(properties.getProperty(name), "property " + name));
    }
  }

  /**
   * @return the {@code key=value} pairs of an agent argument: split at each comma that starts the
   *     next key, so a value may hold commas (a path, a list)
   */
  static String[] pairs(String args) {
    return ARG_SPLIT.split(args.trim());
  }

  /**
   * The agent argument {@code key=value,key=value}; unknown keys, keys given twice and malformed
   * pairs are errors.
   */
  static void fromArguments(String args, Map<String, Setting> out) throws ConfigException {
    if (args == null || args.isBlank()) {
      return;
    }
    java.util.Set<String> given = new java.util.HashSet<>();
    for (String pair : pairs(args)) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException(
            "malformed agent argument '"
                + Values.escape(pair)
                + "': expected key=value[,key=value...]");
      }
      String key = pair.substring(0, eq).trim();
      checkKnown(key, "agent argument");
      if (!given.add(key)) {
        // deny=A,deny=B: which one was meant cannot be known; taking the last would hide a typo
        throw new ConfigException("agent argument '" + Values.escape(key) + "' given twice");
      }
      out.put(key, new Setting(pair.substring(eq + 1), "argument"));
    }
  }

  private static void checkKnown(String key, String where) throws ConfigException {
    if (Key.byName(key) == null) {
      StringBuilder known = new StringBuilder();
      for (Key k : Key.values()) {
        if (k != Key.TEST_FAULT) {
          known.append(known.length() == 0 ? "" : ", ").append(k.key());
        }
      }
      throw new ConfigException(
          "unknown configuration key '"
              + Values.escape(key)
              + "' ("
              + where
              + "); known keys: "
              + known);
    }
  }

  private static Map<String, String> toMap(Properties p) {
    Map<String, String> m = new TreeMap<>();
    for (String name : p.stringPropertyNames()) {
      m.put(name, p.getProperty(name));
    }
    return m;
  }
}
