package dev.tcpwrap.core.rules;

import dev.tcpwrap.core.diag.RuleError;
import dev.tcpwrap.core.match.ClientPattern;
import dev.tcpwrap.core.match.DaemonPattern;
import dev.tcpwrap.core.match.Evaluation;
import dev.tcpwrap.core.match.PatternList;
import dev.tcpwrap.core.options.OptionList;
import dev.tcpwrap.core.text.RuleText;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * The entries of a loaded rule file, with its address rules kept compact: a blocklist of a million
 * lines costs a few primitive arrays and the file's bytes instead of a million objects.
 *
 * <p>A <em>compact</em> entry is a line the fast path recognised ({@link CompactLine}): a daemon
 * list, one client token that is an address or network, no options. It is kept as its line number,
 * the offset of its text in the file's bytes and the number of its daemon list among the table's
 * distinct daemon lists. Every other entry (a rule with names, options or {@code EXCEPT}, a skipped
 * line) keeps the object the general parser made.
 *
 * <p>As a {@code List}, a compact entry is made into a {@link RuleTable.RuleEntry} each time it is
 * read (the same rule as the general parser gives for its bytes, a new object, not kept). The
 * decision path does that only for the rule that decides, when asked for it (the index reads {@link
 * #daemonList}, {@link #clientPrefix} and {@link #matches}). Immutable.
 */
public final class PackedEntries extends AbstractList<RuleTable.Entry> implements RandomAccess {

  private final String file;
  private final byte[] content;
  private final int size;
  private final int[] lines;

  /**
   * Compact entry: the offset of its line in {@link #content}; other: {@code -1 - k}, k in others.
   */
  private final int[] at;

  /** Compact entry: its daemon list's number in {@link #daemonLists}. */
  private final char[] daemonIds;

  private final RuleTable.Entry[] others;
  private final List<PatternList<DaemonPattern>> daemonLists;
  private final int compactCount;
  private final int singleV4;
  private final int singleV6;

  /** The physical lines the parse consumed: the number the next line of the file would have. */
  private final int lineCount;

  /** This version's identity, and that of the entries it was made from by an append, or null. */
  private final Object id = new Object();

  private final Object appendedTo;
  private final Map<String, Integer> daemonListIds;

  private PackedEntries(Builder b) {
    this.file = b.file;
    this.size = b.size;
    this.lines = Arrays.copyOf(b.lines, b.size);
    this.at = Arrays.copyOf(b.at, b.size);
    this.daemonIds = Arrays.copyOf(b.daemonIds, b.size);
    this.others = b.others.toArray(new RuleTable.Entry[0]);
    this.daemonLists = List.copyOf(b.daemonLists);
    this.compactCount = b.size - others.length;
    this.singleV4 = b.singleV4;
    this.singleV6 = b.singleV6;
    this.content = compactCount == 0 ? null : b.content; // only compact entries read it
    this.lineCount = b.lineCount;
    this.appendedTo = b.appendedTo;
    this.daemonListIds = Map.copyOf(b.daemonListIds);
  }

  /** The physical lines read: the line number of the file's last line, when it was read whole. */
  public int lineCount() {
    return lineCount;
  }

  /**
   * Whether these entries are {@code older}'s followed by lines appended to its file ({@link
   * RuleTableLoader#append}): its entries keep their numbers here, so what was worked out for them
   * (an index) holds.
   */
  public boolean appendedTo(PackedEntries older) {
    return appendedTo != null && appendedTo == older.id;
  }

  @Override
  public int size() {
    return size;
  }

  /**
   * The entry. A compact one is made into a rule here, a new object on every read and not kept, so
   * that walking the entries of a blocklist costs its rules one at a time (compare rules by line,
   * not identity; {@link RuleTable#size}, {@link RuleTable#isSkipped}, {@link RuleTable#line} and
   * {@link RuleTable#ruleText} answer without making them).
   */
  @Override
  public RuleTable.Entry get(int i) {
    int a = at[i]; // bounds-checked by the array
    if (a < 0) {
      return others[-1 - a];
    }
    return new RuleTable.RuleEntry(compactRule(i, a));
  }

  /**
   * The rule the general parser makes of compact line {@code i} (at {@code lineAt}), made from what
   * the fast path found: its daemon list is the table's shared one (the same tokens, so the same
   * list; lists are immutable), its client list the one token, no options. {@code
   * CompactFormEquivalenceTest} compares the two.
   */
  private Rule compactRule(int i, int lineAt) {
    return new Rule(
        file,
        lines[i],
        daemonLists.get(daemonIds[i]),
        PatternList.of(List.of(clientText(lineAt)), ClientPattern::of),
        null,
        OptionList.NONE);
  }

  /** Whether entry {@code i} is kept compact. */
  public boolean isCompact(int i) {
    return at[i] >= 0;
  }

  /** How many entries are kept compact. */
  public int compactCount() {
    return compactCount;
  }

  /**
   * How many compact entries are a single address ({@code a.b.c.d}, {@code [v6]}) of {@code family}
   * (4 or 6): what the index sizes its address table for.
   */
  public int singleAddresses(int family) {
    return family == 4 ? singleV4 : singleV6;
  }

  /** The physical line libwrap reports for entry {@code i}. */
  public int line(int i) {
    return lines[i];
  }

  /** The number of a compact entry's daemon list in {@link #daemonLists()}. */
  public int daemonList(int i) {
    return daemonIds[i];
  }

  /** The distinct daemon lists of the compact entries. */
  public List<PatternList<DaemonPattern>> daemonLists() {
    return daemonLists;
  }

  /**
   * The client prefix of compact entry {@code i} into {@code out}: family (4 or 6), length, high
   * and low 64 bits, as {@code PatternPrefixes} gives them for the same token. Read again from the
   * file's bytes: keeping it would cost more than reading it.
   */
  public void clientPrefix(int i, long[] out) {
    int[] token = new int[2];
    if (!token(at[i], token) || !CompactLine.prefix(content, token[0], token[1], out)) {
      throw new IllegalStateException("not a compact entry: " + i);
    }
  }

  /**
   * Entry {@code i}'s rule if it matches ({@link Rule#matches}), else null; a compact rule is made
   * only once its daemon list has matched, and its token is parsed once.
   */
  public Rule matchingRule(int i, Evaluation ev) throws RuleError {
    int a = at[i];
    if (a < 0) {
      return others[-1 - a] instanceof RuleTable.RuleEntry r && r.rule().matches(ev)
          ? r.rule()
          : null;
    }
    ev.at(file, lines[i]);
    if (!daemonLists.get(daemonIds[i]).matches(ev)) {
      return null;
    }
    Rule r = compactRule(i, a);
    return r.clients().matches(ev) ? r : null;
  }

  /**
   * {@link RuleTable#firstMatch} over these entries, making a rule only of the one that matches.
   */
  Rule firstMatch(Evaluation ev) throws RuleError {
    for (int i = 0; i < size; i++) {
      int a = at[i];
      if (a < 0 && others[-1 - a] instanceof RuleTable.SkippedEntry s) {
        ev.diagnostics().report(s.warning());
        continue;
      }
      Rule r = matchingRule(i, ev);
      if (r != null) {
        return r;
      }
    }
    return null;
  }

  /** The rule of entry {@code i}, or null for a skipped line (a new object for a compact one). */
  public Rule rule(int i) {
    return get(i) instanceof RuleTable.RuleEntry r ? r.rule() : null;
  }

  /**
   * {@link Rule#text()} of entry {@code i}, made without the rule for a compact one; null for a
   * skipped line.
   */
  public String ruleText(int i) {
    int a = at[i];
    if (a < 0) {
      return others[-1 - a] instanceof RuleTable.RuleEntry r ? r.rule().text() : null;
    }
    return daemonLists.get(daemonIds[i]) + ": " + clientText(a);
  }

  /**
   * {@link RuleTable#ruleTextHash} of entry {@code i}: for a compact entry computed over its daemon
   * list's text and its token's bytes, without making the text.
   */
  long ruleTextHash(int i) {
    int a = at[i];
    if (a < 0) {
      return others[-1 - a] instanceof RuleTable.RuleEntry r
          ? RuleTable.textHash(RuleTable.TEXT_HASH_BASIS, r.rule().text())
          : 0;
    }
    long h =
        RuleTable.textHash(RuleTable.TEXT_HASH_BASIS, daemonLists.get(daemonIds[i]).toString());
    h = RuleTable.textHash(h, ": ");
    int[] token = new int[2];
    token(a, token);
    for (int k = token[0]; k < token[1]; k++) {
      h = (h ^ (content[k] & 0xff)) * RuleTable.TEXT_HASH_PRIME;
    }
    return h;
  }

  private String clientText(int lineAt) {
    int[] token = new int[2];
    token(lineAt, token);
    return new String(content, token[0], token[1] - token[0], StandardCharsets.ISO_8859_1);
  }

  /** The client token of the compact line at {@code lineAt}. */
  private boolean token(int lineAt, int[] token) {
    int end = lineEnd(lineAt);
    int colon = CompactLine.daemonFieldEnd(content, lineAt, end);
    return colon >= 0 && CompactLine.clientToken(content, colon, end, token);
  }

  private int lineEnd(int from) {
    int e = from;
    while (content[e] != '\n') {
      e++;
    }
    return e;
  }

  /** Collects entries in file order while a file is parsed. */
  static final class Builder {
    /** Daemon lists are numbered in a {@code char}; a table with more keeps the rest in full. */
    private static final int MAX_DAEMON_LISTS = 1 << 16;

    private final String file;
    private final byte[] content;
    private int size;
    private int[] lines = new int[64];
    private int[] at = new int[64];
    private char[] daemonIds = new char[64];
    private final List<RuleTable.Entry> others = new ArrayList<>();
    private final List<PatternList<DaemonPattern>> daemonLists = new ArrayList<>();
    private final Map<String, Integer> daemonListIds = new HashMap<>();
    private int lastFieldFrom = -1;
    private int lastFieldTo;
    private int lastId;
    private int singleV4;
    private int singleV6;
    private int lineCount;
    private Object appendedTo;

    Builder(String file, byte[] content) {
      this.file = file;
      this.content = content;
    }

    /**
     * Continues {@code base}: its entries, then those added for the bytes of {@code content} (which
     * starts with the bytes {@code base} was parsed from) past them.
     */
    Builder(PackedEntries base, byte[] content) {
      this.file = base.file;
      this.content = content;
      this.size = base.size;
      int capacity = Math.max(64, base.size + 64);
      this.lines = Arrays.copyOf(base.lines, capacity);
      this.at = Arrays.copyOf(base.at, capacity);
      this.daemonIds = Arrays.copyOf(base.daemonIds, capacity);
      this.others.addAll(Arrays.asList(base.others));
      this.daemonLists.addAll(base.daemonLists);
      this.daemonListIds.putAll(base.daemonListIds);
      this.singleV4 = base.singleV4;
      this.singleV6 = base.singleV6;
      this.lineCount = base.lineCount;
      this.appendedTo = base.id;
    }

    /** Records the physical lines read. */
    void lineCount(int n) {
      lineCount = n;
    }

    /**
     * The number of the daemon list written in {@code content[from, to)}, or -1 when it has no
     * token or the table has too many distinct lists. Lists with the same tokens share a number.
     */
    int daemonList(int from, int to) {
      if (lastFieldFrom >= 0
          && Arrays.equals(content, from, to, content, lastFieldFrom, lastFieldTo)) {
        return lastId; // blocklists repeat one daemon list line after line
      }
      List<String> tokens =
          RuleText.tokens(new String(content, from, to - from, StandardCharsets.ISO_8859_1));
      if (tokens.isEmpty()) {
        return -1;
      }
      String key = String.join(" ", tokens);
      Integer id = daemonListIds.get(key);
      if (id == null) {
        if (daemonLists.size() == MAX_DAEMON_LISTS) {
          return -1;
        }
        id = daemonLists.size();
        daemonLists.add(PatternList.of(tokens, DaemonPattern::of));
        daemonListIds.put(key, id);
      }
      lastFieldFrom = from;
      lastFieldTo = to;
      lastId = id;
      return id;
    }

    /**
     * A compact rule whose line starts at {@code offset}, its client prefix {@code prefix} ({@link
     * CompactLine#prefix}).
     */
    void addCompact(int line, int offset, int daemonList, long[] prefix) {
      if (prefix[CompactLine.LENGTH] == 32 && prefix[CompactLine.FAMILY] == 4) {
        singleV4++;
      } else if (prefix[CompactLine.LENGTH] == 128) {
        singleV6++;
      }
      add(line, offset, (char) daemonList);
    }

    /** Any other entry. */
    void addOther(int line, RuleTable.Entry e) {
      others.add(e);
      add(line, -others.size(), (char) 0);
    }

    private void add(int line, int a, char daemonId) {
      if (size == lines.length) {
        int n = size + (size >> 1);
        lines = Arrays.copyOf(lines, n);
        at = Arrays.copyOf(at, n);
        daemonIds = Arrays.copyOf(daemonIds, n);
      }
      lines[size] = line;
      at[size] = a;
      daemonIds[size] = daemonId;
      size++;
    }

    PackedEntries build() {
      return new PackedEntries(this);
    }
  }
}
