package dev.tcpwrap.core.match;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Classified host patterns of {@code /file} words, shared, so a pattern file is not re-parsed per
 * request.
 */
final class HostPatterns {

  private static final int LIMIT = 100_000;
  private static final Map<String, HostPattern> CACHE = new ConcurrentHashMap<>();

  private HostPatterns() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  static HostPattern cached(String token) {
    HostPattern p = CACHE.get(token);
    if (p == null) {
      p = HostPattern.of(token);
      if (CACHE.size() < LIMIT) {
        CACHE.put(token, p);
      }
    }
    return p;
  }
}
