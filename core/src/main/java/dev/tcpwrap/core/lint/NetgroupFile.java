package dev.tcpwrap.core.lint;

import dev.tcpwrap.core.match.Netgroups;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A simple reading of the netgroup file ({@code name (host,user,domain) ... othergroup}, {@code #}
 * comments, backslash continuations): which groups are defined and how many members each has.
 * Enough to tell an unknown or empty group from a real one; membership itself is the engine's
 * business.
 */
final class NetgroupFile {

  private final String path;
  private final boolean exists;
  private final String problem;
  private final Map<String, Integer> members;

  private NetgroupFile(String path, boolean exists, String problem, Map<String, Integer> members) {
    this.path = path;
    this.exists = exists;
    this.problem = problem;
    this.members = members;
  }

  static NetgroupFile read(LintEnvironment env) {
    String path = env.netgroupFile();
    byte[] content;
    try {
      content = env.read(path);
    } catch (IOException | RuntimeException e) {
      return new NetgroupFile(
          path,
          true,
          e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(),
          Map.of());
    }
    if (content == null) {
      return new NetgroupFile(path, false, null, Map.of());
    }
    return new NetgroupFile(
        path, true, null, parse(new String(content, StandardCharsets.ISO_8859_1)));
  }

  static Map<String, Integer> parse(String text) {
    Netgroups groups = Netgroups.parse(text);
    Map<String, Integer> m = new HashMap<>();
    for (String g : groups.groups()) {
      m.put(g, groups.memberCount(g));
    }
    return m;
  }

  String path() {
    return path;
  }

  boolean exists() {
    return exists;
  }

  /** Why the file could not be read, or null. */
  String problem() {
    return problem;
  }

  /** The number of members of {@code group}, or -1 when it is not defined. */
  int members(String group) {
    Integer n = members.get(group);
    return n == null ? -1 : n;
  }

  /** A defined group whose name differs from {@code group} only in case, or null. */
  String caseVariant(String group) {
    for (String g : members.keySet()) {
      if (g.equalsIgnoreCase(group) && !g.equals(group)) {
        return g;
      }
    }
    return null;
  }
}
