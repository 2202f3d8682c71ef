package dev.tcpwrap.core.match;

import java.util.List;

/**
 * What patterns read from outside the rule files: {@code /file} pattern lists and
 * {@code @netgroup}s. Implementations are thread-safe.
 */
public interface MatchEnvironment {

  /**
   * The whitespace-separated words of a {@code /file} pattern list, or null when the file does not
   * exist.
   *
   * @throws java.io.IOException when it exists but cannot be read (libwrap warns and does not
   *     match)
   */
  List<String> patternFile(String path) throws java.io.IOException;

  /**
   * {@code innetgr(group, host, NULL, NULL)}: whether {@code host} is a host member of {@code
   * group}.
   */
  boolean inNetgroup(String group, String host);
}
