package dev.tcpwrap.agent.log.syslog;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This machine's name for the HOST field of a syslog message, read from the kernel ({@code uname
 * -n}) and never from DNS: {@code InetAddress.getLocalHost()} may wait for a resolver, and the
 * agent starts before the application.
 */
final class Hostname {

  private Hostname() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /**
   * @return the kernel's host name if it is a plain host name, else {@code localhost}
   */
  static String local() {
    try {
      String h =
          new String(
                  Files.readAllBytes(Path.of("/proc/sys/kernel/hostname")), StandardCharsets.UTF_8)
              .trim();
      return valid(h) ? h : "localhost";
    } catch (Exception e) {
      String env = System.getenv("HOSTNAME");
      return env != null && valid(env) ? env : "localhost";
    }
  }

  static boolean valid(String h) {
    return !h.isEmpty() && h.length() <= 255 && h.matches("[A-Za-z0-9._-]+");
  }
}
