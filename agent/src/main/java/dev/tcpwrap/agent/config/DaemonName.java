package dev.tcpwrap.agent.config;

/** Derives the default daemon name from how the JVM was started ({@code sun.java.command}). */
final class DaemonName {

  private DaemonName() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /**
   * {@code /opt/app/shop.jar --x} gives {@code shop}; {@code com.example.Server} gives {@code
   * Server}; {@code mod/com.example.Server} gives {@code Server}; anything else gives {@code java}.
   */
  static String derive(String javaCommand) {
    if (javaCommand == null || javaCommand.isBlank()) {
      return "java";
    }
    String cmd = javaCommand.trim();
    int jar = cmd.indexOf(".jar");
    while (jar >= 0 && jar + 4 < cmd.length() && !Character.isWhitespace(cmd.charAt(jar + 4))) {
      jar = cmd.indexOf(".jar", jar + 1);
    }
    String first;
    if (jar >= 0) {
      first = cmd.substring(0, jar);
      first = first.substring(Math.max(first.lastIndexOf('/'), first.lastIndexOf('\\')) + 1);
    } else {
      first = cmd.split("\\s+", 2)[0];
      first = first.substring(first.lastIndexOf('/') + 1);
      first = first.substring(first.lastIndexOf('.') + 1);
    }
    return first.isEmpty() || first.chars().anyMatch(c -> c <= ' ' || c == 0x7f || c == ',')
        ? "java"
        : first;
  }
}
