package dev.tcpwrap.agent.log;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A parsed {@code log=} value. The syslog forms:
 *
 * <ul>
 *   <li>{@code syslog}: the local syslog socket {@code /dev/log}, as tcpd's {@code syslog(3)};
 *   <li>{@code syslog:/PATH}: another local socket (a chroot's, a container's, a test's own);
 *   <li>{@code syslog://HOST[:PORT]} (or {@code syslog+udp://}): RFC 3164 over UDP, port 514;
 *   <li>{@code syslog+tcp://HOST[:PORT]}: RFC 5424 over TCP with RFC 6587 octet counting, port 514.
 * </ul>
 *
 * IPv6 hosts go in brackets ({@code syslog://[::1]:514}). Anything else that is not {@code stderr},
 * {@code stdout} or {@code slf4j} is a file path, so {@code syslog.log} is still a file.
 *
 * @param kind the kind of destination
 * @param path the file or socket path ({@link Kind#FILE}, {@link Kind#SYSLOG_LOCAL})
 * @param host the collector's host ({@link Kind#SYSLOG_UDP}, {@link Kind#SYSLOG_TCP})
 * @param port the collector's port
 */
public record LogTarget(Kind kind, String path, String host, int port) {

  /** The local syslog socket of Linux (and of glibc's {@code syslog(3)}). */
  public static final String DEV_LOG = "/dev/log";

  /** The syslog port, UDP and TCP alike (RFC 3164's 514; rsyslog's habit for TCP too). */
  public static final int SYSLOG_PORT = 514;

  /** The longest socket path a {@code sockaddr_un} holds (108 bytes with the final NUL). */
  static final int MAX_SOCKET_PATH = 107;

  /** The kinds of destination. */
  public enum Kind {
    STDERR,
    STDOUT,
    SLF4J,
    FILE,
    SYSLOG_LOCAL,
    SYSLOG_UDP,
    SYSLOG_TCP
  }

  /**
   * Parses a {@code log=} value.
   *
   * @param value the value, trimmed by the caller or not
   * @return the destination
   * @throws IllegalArgumentException with a one-line reason when a syslog form is malformed
   */
  public static LogTarget parse(String value) {
    String v = value.trim();
    if (v.isEmpty()) {
      throw new IllegalArgumentException("expected a non-empty value");
    }
    switch (v) {
      case "stderr":
        return new LogTarget(Kind.STDERR, null, null, 0);
      case "stdout":
        return new LogTarget(Kind.STDOUT, null, null, 0);
      case AgentLog.SLF4J:
        return new LogTarget(Kind.SLF4J, null, null, 0);
      case "syslog":
        return new LogTarget(Kind.SYSLOG_LOCAL, DEV_LOG, null, 0);
      default:
        break;
    }
    String lower = v.toLowerCase(Locale.ROOT);
    if (lower.startsWith("syslog://")) {
      return remote(Kind.SYSLOG_UDP, v.substring("syslog://".length()));
    }
    if (lower.startsWith("syslog+udp://")) {
      return remote(Kind.SYSLOG_UDP, v.substring("syslog+udp://".length()));
    }
    if (lower.startsWith("syslog+tcp://")) {
      return remote(Kind.SYSLOG_TCP, v.substring("syslog+tcp://".length()));
    }
    if (lower.startsWith("syslog+") || lower.startsWith("syslog:")) {
      if (lower.startsWith("syslog:/") && !lower.startsWith("syslog://")) {
        String path = v.substring("syslog:".length());
        if (path.getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
          throw new IllegalArgumentException(
              "a syslog socket path has at most " + MAX_SOCKET_PATH + " bytes");
        }
        return new LogTarget(Kind.SYSLOG_LOCAL, path, null, 0);
      }
      throw new IllegalArgumentException(
          "expected syslog, syslog:/SOCKET, syslog://HOST[:PORT] (UDP) or"
              + " syslog+tcp://HOST[:PORT]");
    }
    return new LogTarget(Kind.FILE, v, null, 0);
  }

  // HOST, HOST:PORT, [V6], [V6]:PORT
  private static LogTarget remote(Kind kind, String rest) {
    String host;
    String port = null;
    if (rest.startsWith("[")) {
      int close = rest.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("an IPv6 address needs its closing ']'");
      }
      host = rest.substring(1, close);
      String after = rest.substring(close + 1);
      if (!after.isEmpty()) {
        if (!after.startsWith(":")) {
          throw new IllegalArgumentException("expected :PORT after ']'");
        }
        port = after.substring(1);
      }
    } else {
      int colon = rest.lastIndexOf(':');
      host = colon < 0 ? rest : rest.substring(0, colon);
      port = colon < 0 ? null : rest.substring(colon + 1);
      if (host.indexOf(':') >= 0) {
        throw new IllegalArgumentException("an IPv6 address goes in brackets: [ADDRESS]:PORT");
      }
    }
    if (host.isEmpty() || !host.matches("[A-Za-z0-9._:%-]+") || rest.contains("/")) {
      throw new IllegalArgumentException("expected a host name or address, then :PORT");
    }
    int p = SYSLOG_PORT;
    if (port != null) {
      if (!port.matches("\\d{1,5}")
          || Integer.parseInt(port) < 1
          || Integer.parseInt(port) > 65535) {
        throw new IllegalArgumentException("expected a port in 1..65535");
      }
      p = Integer.parseInt(port);
    }
    return new LogTarget(kind, null, host, p);
  }

  /**
   * @return whether this is one of the syslog forms
   */
  public boolean syslog() {
    return kind == Kind.SYSLOG_LOCAL || kind == Kind.SYSLOG_UDP || kind == Kind.SYSLOG_TCP;
  }

  /**
   * @return the destination as the agent names it: {@code syslog /dev/log}, {@code
   *     syslog://host:514}, {@code syslog+tcp://host:514}, {@code file /x}
   */
  public String describe() {
    switch (kind) {
      case SYSLOG_LOCAL:
        return "syslog " + path;
      case SYSLOG_UDP:
        return "syslog://" + hostPort();
      case SYSLOG_TCP:
        return "syslog+tcp://" + hostPort();
      case FILE:
        return "file " + path;
      default:
        return kind.name().toLowerCase(Locale.ROOT);
    }
  }

  private String hostPort() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
