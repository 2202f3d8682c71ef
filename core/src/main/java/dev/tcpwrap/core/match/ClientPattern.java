package dev.tcpwrap.core.match;

import dev.tcpwrap.core.diag.RuleError;
import dev.tcpwrap.core.text.RuleText;

/**
 * One token of a client list, as libwrap's {@code client_match()}: a host pattern, or {@code
 * user@host}, whose host part is matched first so that the (slow) user lookup happens only when the
 * host already matched.
 */
public final class ClientPattern implements ListPattern {

  private final String token;
  private final HostPattern host;
  private final StringPattern user;

  private ClientPattern(String token, HostPattern host, StringPattern user) {
    this.token = token;
    this.host = host;
    this.user = user;
  }

  /** Classifies a client token. */
  public static ClientPattern of(String token) {
    int at = token.isEmpty() ? -1 : RuleText.splitAt(token, 1, '@');
    if (at < 0) {
      return new ClientPattern(token, HostPattern.of(token), null);
    }
    return new ClientPattern(
        token, HostPattern.of(token.substring(at + 1)), StringPattern.of(token.substring(0, at)));
  }

  /** The host part. */
  public HostPattern host() {
    return host;
  }

  /** The user part, or null. */
  public StringPattern user() {
    return user;
  }

  @Override
  public String token() {
    return token;
  }

  @Override
  public boolean matches(Evaluation ev) throws RuleError {
    if (!host.matches(ev.request().client(), ev)) {
      return false;
    }
    return user == null || user.matches(ev.request().user());
  }

  @Override
  public String toString() {
    return token;
  }
}
