package dev.tcpwrap.core.match;

import dev.tcpwrap.core.diag.RuleError;
import dev.tcpwrap.core.text.RuleText;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A daemon or client list with its {@code EXCEPT} operators, as libwrap's {@code list_match()}.
 *
 * <p>The list is kept as segments split at {@code EXCEPT}: {@code a b EXCEPT c EXCEPT d} is {@code
 * [[a,b],[c],[d]]} and means {@code (a|b) EXCEPT (c EXCEPT d)}: the first token of a segment that
 * matches ends that segment's scan, and everything to its right is the exception list. Tokens are
 * tried left to right and no further than needed, because matching may trigger lookups.
 */
public final class PatternList<P extends ListPattern> {

  private final List<List<P>> segments;

  /** The same segments as arrays: decisions walk these on every connection. */
  private final ListPattern[][] arrays;

  private final String text;

  private PatternList(List<List<P>> segments, String text) {
    this.segments = segments;
    this.text = text;
    this.arrays = new ListPattern[segments.size()][];
    for (int i = 0; i < arrays.length; i++) {
      arrays[i] = segments.get(i).toArray(new ListPattern[0]);
    }
  }

  /** Builds the list from its tokens ({@code EXCEPT}, in any case, is the operator). */
  public static <P extends ListPattern> PatternList<P> of(
      List<String> tokens, Function<String, P> classify) {
    List<List<P>> segments = new ArrayList<>();
    List<P> current = new ArrayList<>();
    for (String t : tokens) {
      if (RuleText.equalsIgnoreCase(t, "EXCEPT")) {
        segments.add(List.copyOf(current));
        current = new ArrayList<>();
      } else {
        current.add(classify.apply(t));
      }
    }
    segments.add(List.copyOf(current));
    return new PatternList<>(List.copyOf(segments), String.join(" ", tokens));
  }

  /**
   * The segments between {@code EXCEPT}s; the first is what the list matches, the rest exceptions.
   */
  public List<List<P>> segments() {
    return segments;
  }

  /** True if there are no tokens at all (such a list never matches). */
  public boolean isEmpty() {
    return segments.size() == 1 && segments.get(0).isEmpty();
  }

  /** Whether the list matches. */
  public boolean matches(Evaluation ev) throws RuleError {
    return matchesFrom(0, ev);
  }

  private boolean matchesFrom(int segment, Evaluation ev) throws RuleError {
    for (ListPattern p : arrays[segment]) {
      if (p.matches(ev)) {
        return segment + 1 == arrays.length || !matchesFrom(segment + 1, ev);
      }
    }
    return false;
  }

  /** The tokens as written, separated by blanks. */
  @Override
  public String toString() {
    return text;
  }
}
