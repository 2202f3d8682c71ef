package dev.tcpwrap.core.rules;

import dev.tcpwrap.core.diag.Diagnostic;
import dev.tcpwrap.core.diag.RuleError;
import dev.tcpwrap.core.match.Evaluation;
import java.util.List;

/**
 * One parsed rule file (hosts.allow or hosts.deny): its rules in order, the warnings libwrap gives
 * while scanning it, and whether the scan ends in an error.
 *
 * <p>Debian's libwrap stops at a line that is too long or lacks its final newline, and at a file it
 * cannot open, and reports an error for the whole table: in hosts.allow that only ends the scan; in
 * hosts.deny it denies everyone not already allowed (fail-closed).
 *
 * @param name the file as named to the engine (used in diagnostics and rule references)
 * @param role which table this is
 * @param entries rules and skipped lines, in file order
 * @param failure the reason the scan ends in error after the entries, or null
 * @param missing whether the file does not exist (treated as empty, silently)
 */
public record RuleTable(
    String name, Role role, List<Entry> entries, Diagnostic failure, boolean missing) {

  /** hosts.allow grants on a match, hosts.deny refuses. */
  public enum Role {
    ALLOW("hosts.allow"),
    DENY("hosts.deny");

    private final String label;

    Role(String label) {
      this.label = label;
    }

    /** {@code hosts.allow} or {@code hosts.deny}. */
    public String label() {
      return label;
    }
  }

  /** A line of the file as the scan meets it: a rule, or a line skipped with a warning. */
  public sealed interface Entry permits RuleEntry, SkippedEntry {}

  /** A rule. */
  public record RuleEntry(Rule rule) implements Entry {}

  /** A line libwrap skips with a warning ({@code missing ":" separator}). */
  public record SkippedEntry(Diagnostic warning) implements Entry {}

  /**
   * The first matching rule, scanning every entry in order (reporting skipped lines as libwrap
   * does), or null.
   */
  public Rule firstMatch(Evaluation ev) throws RuleError {
    if (entries instanceof PackedEntries packed) {
      return packed.firstMatch(ev);
    }
    for (Entry e : entries) {
      if (e instanceof SkippedEntry s) {
        ev.diagnostics().report(s.warning());
        continue;
      }
      Rule r = ((RuleEntry) e).rule();
      if (r.matches(ev)) {
        return r;
      }
    }
    return null;
  }

  /**
   * The number of entries ({@link #entries()}{@code .size()}): rules and skipped lines. With {@link
   * #ruleText} and {@link #line}, what a caller needs to list or compare the rules of a large table
   * without making a {@link Rule} of each.
   */
  public int size() {
    return entries.size();
  }

  /** {@link Rule#text()} of entry {@code i}, or null when it is a skipped line. */
  public String ruleText(int i) {
    if (entries instanceof PackedEntries packed) {
      return packed.ruleText(i);
    }
    return entries.get(i) instanceof RuleEntry r ? r.rule().text() : null;
  }

  /**
   * Whether entry {@code i} is a skipped line rather than a rule; never makes a rule (reading
   * {@code entries().get(i)} of a compact rule makes and keeps its object).
   */
  public boolean isSkipped(int i) {
    if (entries instanceof PackedEntries packed) {
      return !packed.isCompact(i) && packed.get(i) instanceof SkippedEntry;
    }
    return entries.get(i) instanceof SkippedEntry;
  }

  /** The number of rules (entries that are not skipped lines); makes no rule. */
  public int ruleCount() {
    int n = 0;
    for (int i = 0; i < size(); i++) {
      if (!isSkipped(i)) {
        n++;
      }
    }
    return n;
  }

  /**
   * The 64-bit FNV-1a hash of {@link #ruleText}{@code (i)}'s characters (0 for a skipped line),
   * without making the text of a compact rule: a reload can tell which of a million rules were
   * added or removed from sorted arrays of these, and make the texts of only those it shows.
   */
  public long ruleTextHash(int i) {
    if (entries instanceof PackedEntries packed) {
      return packed.ruleTextHash(i);
    }
    String t = ruleText(i);
    return t == null ? 0 : textHash(TEXT_HASH_BASIS, t);
  }

  static final long TEXT_HASH_BASIS = 0xcbf29ce484222325L;
  static final long TEXT_HASH_PRIME = 0x100000001b3L;

  /** FNV-1a over {@code s}'s characters, continuing from {@code h}. */
  static long textHash(long h, String s) {
    for (int k = 0; k < s.length(); k++) {
      h = (h ^ s.charAt(k)) * TEXT_HASH_PRIME;
    }
    return h;
  }

  /** The line of entry {@code i}: the rule's, or the skipped line's. */
  public int line(int i) {
    if (entries instanceof PackedEntries packed) {
      return packed.line(i);
    }
    Entry e = entries.get(i);
    return e instanceof RuleEntry r ? r.rule().line() : ((SkippedEntry) e).warning().line();
  }

  /** Whether the scan of this table ends in an error (after its entries). */
  public boolean failed() {
    return failure != null;
  }
}
