package dev.tcpwrap.core.match;

import dev.tcpwrap.core.diag.RuleError;
import dev.tcpwrap.core.net.CNumbers;
import dev.tcpwrap.core.text.RuleText;

/**
 * One token of a daemon list, as Debian's {@code server_match()}: a daemon name pattern or a server
 * port number (0..65535, Debian's {@code match_port}), optionally {@code @host} for the server
 * endpoint.
 */
public final class DaemonPattern implements ListPattern {

  private final String token;
  private final StringPattern daemon;
  private final int port;
  private final HostPattern serverHost;

  private DaemonPattern(String token, StringPattern daemon, int port, HostPattern serverHost) {
    this.token = token;
    this.daemon = daemon;
    this.port = port;
    this.serverHost = serverHost;
  }

  /** Classifies a daemon token. */
  public static DaemonPattern of(String token) {
    int at = token.isEmpty() ? -1 : RuleText.splitAt(token, 1, '@');
    String name = at < 0 ? token : token.substring(0, at);
    HostPattern host = at < 0 ? null : HostPattern.of(token.substring(at + 1));
    long p = CNumbers.scanUnsignedOnly(name);
    if (p >= 0 && p <= 65535) {
      return new DaemonPattern(token, null, (int) p, host);
    }
    return new DaemonPattern(token, StringPattern.of(name), -1, host);
  }

  /** The server port this token stands for, or -1 when it is a name pattern. */
  public int port() {
    return port;
  }

  /** The name pattern, or null for a port. */
  public StringPattern daemon() {
    return daemon;
  }

  /** The {@code @host} part, or null. */
  public HostPattern serverHost() {
    return serverHost;
  }

  @Override
  public String token() {
    return token;
  }

  @Override
  public boolean matches(Evaluation ev) throws RuleError {
    boolean own;
    if (daemon == null) {
      int serverPort = ev.request().server().port();
      own = serverPort >= 0 && serverPort == port;
    } else {
      own = daemon.matches(ev.request().daemon());
    }
    return own && (serverHost == null || serverHost.matches(ev.request().server(), ev));
  }

  @Override
  public String toString() {
    return token;
  }
}
