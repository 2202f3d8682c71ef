package dev.tcpwrap.core.match;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The netgroup file ({@code /etc/netgroup}, the "files" backend of NIS netgroups): lines {@code
 * name (host,user,domain) ... othergroup}, {@code #} comments, backslash continuations. Group names
 * are case-sensitive, as {@code innetgr()}'s are.
 */
public final class Netgroups {

  /** No groups at all (no netgroup file). */
  public static final Netgroups NONE = new Netgroups(Map.of());

  private final Map<String, List<String>> members;

  private Netgroups(Map<String, List<String>> members) {
    this.members = members;
  }

  /** Parses the text of a netgroup file. */
  public static Netgroups parse(String text) {
    Map<String, List<String>> m = new HashMap<>();
    for (String line : text.replace("\\\n", " ").split("\n", -1)) {
      int hash = line.indexOf('#');
      List<String> words = words(hash >= 0 ? line.substring(0, hash) : line);
      if (!words.isEmpty() && !words.get(0).startsWith("(")) {
        m.computeIfAbsent(words.get(0), k -> new ArrayList<>())
            .addAll(words.subList(1, words.size()));
      }
    }
    return new Netgroups(m);
  }

  /** A line's words: {@code (triples)} and group names. */
  private static List<String> words(String line) {
    List<String> words = new ArrayList<>();
    int i = 0;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '(') {
        int end = line.indexOf(')', i);
        end = end < 0 ? line.length() - 1 : end;
        words.add(line.substring(i, end + 1));
        i = end + 1;
      } else {
        int end = i;
        while (end < line.length()
            && !Character.isWhitespace(line.charAt(end))
            && line.charAt(end) != '(') {
          end++;
        }
        words.add(line.substring(i, end));
        i = end;
      }
    }
    return words;
  }

  /** The defined group names. */
  public Set<String> groups() {
    return members.keySet();
  }

  /**
   * The number of direct members (triples and nested groups) of {@code group}, or -1 when
   * undefined.
   */
  public int memberCount(String group) {
    List<String> l = members.get(group);
    return l == null ? -1 : l.size();
  }

  /**
   * {@code innetgr(group, host, NULL, NULL)}: some triple of the group, or of a group nested in it,
   * has {@code host} or an empty host field (which matches every host).
   */
  public boolean containsHost(String group, String host) {
    return contains(group, host, new HashSet<>());
  }

  private boolean contains(String group, String host, Set<String> seen) {
    List<String> items = members.get(group);
    if (items == null || !seen.add(group)) {
      return false;
    }
    for (String item : items) {
      if (item.startsWith("(")) {
        String inner = item.substring(1, item.endsWith(")") ? item.length() - 1 : item.length());
        String h = inner.split(",", -1)[0].trim();
        if (h.isEmpty() || h.equals(host)) {
          return true;
        }
      } else if (contains(item, host, seen)) {
        return true;
      }
    }
    return false;
  }
}
