package dev.tcpwrap.core.match;

import dev.tcpwrap.core.net.Inet4;
import dev.tcpwrap.core.net.Inet6;
import dev.tcpwrap.core.request.AddressForms;
import dev.tcpwrap.core.text.RuleText;
import java.util.Arrays;

/**
 * One token matched against a string, as libwrap's {@code string_match()}: used for host names,
 * addresses, daemon names and user names. The token's form is classified once; the rules, in
 * libwrap's order: wildcards ({@code *}, {@code ?}) first, then {@code .suffix}, {@code ALL},
 * {@code KNOWN}, {@code prefix.}, {@code [ipv6]}, and otherwise case-insensitive equality.
 */
public final class StringPattern {

  /** How the token is matched. */
  public enum Kind {
    WILDCARD,
    SUFFIX,
    ALL,
    KNOWN,
    PREFIX,
    IPV6,
    EXACT
  }

  private final String token;
  private final Kind kind;
  private final Inet6.Address ipv6;

  /**
   * For an exact IPv4 address or an {@code a.}, {@code a.b.}, {@code a.b.c.} prefix written in
   * canonical decimal: the address (prefix bits) and the number of leading bits that must be equal,
   * so that a canonical client address is compared as a number instead of as text (the same answer,
   * without formatting the text). -1 when the token is not of that form.
   */
  private final long v4Value;

  private final int v4Bits;

  private StringPattern(String token, Kind kind, Inet6.Address ipv6) {
    this.token = token;
    this.kind = kind;
    this.ipv6 = ipv6;
    long value = -1;
    int bits = 0;
    if (kind == Kind.EXACT) {
      long a = Inet4.ptonStrict(token, 0, token.length());
      if (a >= 0 && Inet4.format(a).equals(token)) {
        value = a;
        bits = 32;
      }
    } else if (kind == Kind.PREFIX) {
      String[] parts = token.substring(0, token.length() - 1).split("\\.", -1);
      if (parts.length >= 1 && parts.length <= 3) {
        long v = 0;
        for (String part : parts) {
          if (part.isEmpty()
              || part.length() > 3
              || !part.chars().allMatch(c -> c >= '0' && c <= '9')
              || (part.length() > 1 && part.charAt(0) == '0')
              || Integer.parseInt(part) > 255) {
            v = -1;
            break;
          }
          v = (v << 8) | Integer.parseInt(part);
        }
        if (v >= 0) {
          value = v << (32 - 8 * parts.length);
          bits = 8 * parts.length;
        }
      }
    }
    this.v4Value = value;
    this.v4Bits = bits;
  }

  /** Classifies a token. */
  public static StringPattern of(String token) {
    Kind kind;
    Inet6.Address v6 = null;
    int n = token.length();
    if (token.indexOf('*') >= 0 || token.indexOf('?') >= 0) {
      kind = Kind.WILDCARD;
    } else if (n > 0 && token.charAt(0) == '.') {
      kind = Kind.SUFFIX;
    } else if (RuleText.equalsIgnoreCase(token, "ALL")) {
      kind = Kind.ALL;
    } else if (RuleText.equalsIgnoreCase(token, "KNOWN")) {
      kind = Kind.KNOWN;
    } else if (n > 0 && token.charAt(n - 1) == '.') {
      kind = Kind.PREFIX;
    } else if (n > 0 && token.charAt(0) == '[' && token.charAt(n - 1) == ']') {
      kind = Kind.IPV6;
      v6 = n >= 2 ? Inet6.numericHost(token.substring(1, n - 1)) : null;
    } else {
      kind = Kind.EXACT;
    }
    return new StringPattern(token, kind, v6);
  }

  /** The token as written. */
  public String token() {
    return token;
  }

  /** The token's form. */
  public Kind kind() {
    return kind;
  }

  /**
   * For an exact IPv4 address or an {@code a.}/{@code a.b.}/{@code a.b.c.} prefix in canonical
   * decimal: the address with the prefix's bits (the rest zero); -1 for any other token.
   */
  public long v4Value() {
    return v4Value;
  }

  /**
   * The number of leading bits {@link #v4Value()} fixes (8, 16, 24 or 32), or 0 when there is none.
   */
  public int v4Bits() {
    return v4Bits;
  }

  /**
   * For {@link Kind#IPV6}: the address in brackets, or null when it does not parse (never matches).
   */
  public Inet6.Address ipv6() {
    return ipv6;
  }

  /** Whether the token matches {@code s}. */
  public boolean matches(String s) {
    return matchesStripped(stripMapped(s));
  }

  /** Whether the token matches a client or server address, read in its precomputed forms. */
  public boolean matchesAddress(AddressForms a) {
    if (kind == Kind.ALL) {
      return true;
    }
    if (kind == Kind.IPV6) {
      return ipv6 != null && a.v6() != null && Arrays.equals(a.v6(), ipv6.raw());
    }
    long canonical = a.indexV4();
    if (v4Value >= 0 && canonical != AddressForms.NONE) {
      // the client's stripped text is the canonical dotted quad of `canonical`, and so is the
      // token's
      return (canonical >>> (32 - v4Bits)) == (v4Value >>> (32 - v4Bits));
    }
    return matchesStripped(a.stripped());
  }

  private boolean matchesStripped(String s) {
    switch (kind) {
      case WILDCARD:
        return Glob.matches(token, s);
      case SUFFIX:
        {
          int n = s.length() - token.length();
          return n > 0 && RuleText.regionMatches(token, 0, s, n, token.length());
        }
      case ALL:
        return true;
      case KNOWN:
        return !RuleText.equalsIgnoreCase(s, "unknown");
      case PREFIX:
        return RuleText.regionMatches(token, 0, s, 0, token.length());
      case IPV6:
        {
          if (ipv6 == null) {
            return false;
          }
          // Debian compares the 16 address bytes only: a scope id (%eth0, %2) must parse on either
          // side
          // but is otherwise ignored, so [fe80::1%1] matches fe80::1%2 and [fe80::1] matches
          // fe80::1%1
          Inet6.Address a = Inet6.numericHost(s);
          return a != null && Arrays.equals(a.raw(), ipv6.raw());
        }
      default:
        return RuleText.equalsIgnoreCase(token, s);
    }
  }

  /** Debian compares an IPv4-mapped client ({@code ::ffff:a.b.c.d}) as the IPv4 address. */
  static String stripMapped(String s) {
    return AddressForms.strip(s);
  }

  @Override
  public String toString() {
    return token;
  }
}
