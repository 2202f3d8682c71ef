package dev.tcpwrap.core.match;

import dev.tcpwrap.core.diag.RuleError;
import dev.tcpwrap.core.request.Endpoint;
import dev.tcpwrap.core.text.RuleText;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.util.List;

/**
 * A host pattern, as libwrap's {@code host_match()}, classified once. In libwrap's order:
 * {@code @netgroup}, {@code /file}, {@code KNOWN}, {@code LOCAL}, {@code net/mask}, and otherwise a
 * string pattern tried against the address first and then, if the token is not purely numeric,
 * against the host name.
 *
 * <p>That order decides when a name lookup happens, so it is kept exactly ("This code looks a
 * little hairy because we want to avoid unnecessary hostname lookups").
 */
public abstract class HostPattern {

  /**
   * The deepest nesting of {@code /file} pattern lists evaluated: one more level is an error, which
   * denies (libwrap crashes at about a thousand).
   */
  public static final int MAX_FILE_DEPTH = PatternFileVisits.MAX_DEPTH;

  private final String token;

  HostPattern(String token) {
    this.token = token;
  }

  /** Classifies a host token. */
  public static HostPattern of(String token) {
    if (!token.isEmpty() && token.charAt(0) == '@') {
      return new Netgroup(token);
    }
    if (!token.isEmpty() && token.charAt(0) == '/') {
      return new PatternFile(token);
    }
    if (RuleText.equalsIgnoreCase(token, "KNOWN")) {
      return new Known(token);
    }
    if (RuleText.equalsIgnoreCase(token, "LOCAL")) {
      return new Local(token);
    }
    int slash = RuleText.splitAt(token, 0, '/');
    if (slash >= 0) {
      return new Masked(token, NetMask.of(token.substring(0, slash), token.substring(slash + 1)));
    }
    return new Plain(token);
  }

  /** The token as written. */
  public String token() {
    return token;
  }

  /** Whether the pattern matches the endpoint. */
  public abstract boolean matches(Endpoint host, Evaluation ev) throws RuleError;

  /** True if matching never looks at the host name (so never triggers a lookup). */
  public boolean addressOnly() {
    return false;
  }

  @Override
  public String toString() {
    return token;
  }

  /**
   * {@code @group}: the verified host name is a member of the NIS netgroup (names are
   * case-sensitive).
   */
  static final class Netgroup extends HostPattern {
    Netgroup(String token) {
      super(token);
    }

    @Override
    public boolean matches(Endpoint host, Evaluation ev) {
      String name = ev.nameOf(host);
      return ev.environment().inNetgroup(token().substring(1), name);
    }
  }

  /**
   * {@code /path}: any word of the file matches as a host pattern (Debian's blacklist patch),
   * including a further {@code /file} word. Each file is read at most once per evaluation and
   * endpoint, a loop is an error ({@link PatternFileVisits}).
   */
  static final class PatternFile extends HostPattern {
    PatternFile(String token) {
      super(token);
    }

    @Override
    public boolean matches(Endpoint host, Evaluation ev) throws RuleError {
      PatternFileVisits visits = ev.patternFiles();
      Boolean known = visits.answer(host, token());
      if (known != null) {
        return known;
      }
      visits.enter(token()); // a loop fails here, before the file is read again
      boolean matched = false;
      try {
        for (String w : words(ev)) {
          if (HostPatterns.cached(w).matches(host, ev)) {
            matched = true;
            break;
          }
        }
      } catch (RuleError | RuntimeException | Error e) {
        visits.abandon();
        throw e;
      }
      visits.leave(host, token(), matched);
      return matched;
    }

    /** The file's words; none when it is missing (silently) or cannot be read (with a warning). */
    private List<String> words(Evaluation ev) {
      String name = PatternFileName.of(token());
      if (name == null) {
        ev.warn("open " + token() + ": " + PatternFileName.why());
        return List.of();
      }
      List<String> words;
      try {
        words = ev.environment().patternFile(name);
      } catch (IOException | InvalidPathException e) {
        ev.warn("open " + token() + ": " + e.getMessage());
        return List.of();
      }
      return words == null ? List.of() : words;
    }
  }

  /** {@code KNOWN}: both the address and a verified name are known. */
  static final class Known extends HostPattern {
    Known(String token) {
      super(token);
    }

    @Override
    public boolean matches(Endpoint host, Evaluation ev) {
      String name = ev.nameOf(host);
      return !RuleText.equalsIgnoreCase(host.address(), "unknown") && Endpoint.isKnown(name);
    }
  }

  /** {@code LOCAL}: the verified name has no dot. */
  static final class Local extends HostPattern {
    Local(String token) {
      super(token);
    }

    @Override
    public boolean matches(Endpoint host, Evaluation ev) {
      String name = ev.nameOf(host);
      return name.indexOf('.') < 0 && Endpoint.isKnown(name);
    }
  }

  /** {@code net/mask}: address only. */
  public static final class Masked extends HostPattern {
    private final NetMask mask;

    Masked(String token, NetMask mask) {
      super(token);
      this.mask = mask;
    }

    /** The parsed net/mask. */
    public NetMask netMask() {
      return mask;
    }

    @Override
    public boolean matches(Endpoint host, Evaluation ev) {
      return mask.matches(host.forms());
    }

    @Override
    public boolean addressOnly() {
      return true;
    }
  }

  /**
   * Anything else: the address, then (unless the token is all digits, dots and slashes) the name.
   */
  public static final class Plain extends HostPattern {
    private final StringPattern pattern;
    private final boolean notInaddr;

    Plain(String token) {
      super(token);
      this.pattern = StringPattern.of(token);
      this.notInaddr = !isInaddr(token);
    }

    /** The string pattern. */
    public StringPattern pattern() {
      return pattern;
    }

    @Override
    public boolean matches(Endpoint host, Evaluation ev) {
      return pattern.matchesAddress(host.forms())
          || (notInaddr && pattern.matches(ev.nameOf(host)));
    }

    @Override
    public boolean addressOnly() {
      return !notInaddr;
    }

    /** libwrap's {@code !NOT_INADDR(tok)}: only digits, dots and slashes. */
    private static boolean isInaddr(String token) {
      for (int i = 0; i < token.length(); i++) {
        char c = token.charAt(i);
        if (!(c >= '0' && c <= '9') && c != '.' && c != '/') {
          return false;
        }
      }
      return true;
    }
  }
}
