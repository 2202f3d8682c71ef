package dev.tcpwrap.agent.jmx;

/** A rule file in force, as an MXBean composite. */
public final class RuleFileInfo {

  private final String table;
  private final String path;
  private final int rules;
  private final long loadedMillis;
  private final String outcome;
  private final String[] problems;

  RuleFileInfo(
      String table, String path, int rules, long loadedMillis, String outcome, String[] problems) {
    this.table = table;
    this.path = path;
    this.rules = rules;
    this.loadedMillis = loadedMillis;
    this.outcome = outcome;
    this.problems = problems;
  }

  /**
   * @return {@code hosts.allow} or {@code hosts.deny}
   */
  public String getTable() {
    return table;
  }

  /**
   * @return the file
   */
  public String getPath() {
    return path;
  }

  /**
   * @return its rules
   */
  public int getRules() {
    return rules;
  }

  /**
   * @return when it was (re)loaded, epoch milliseconds
   */
  public long getLoadedMillis() {
    return loadedMillis;
  }

  /**
   * @return {@code loaded}, {@code missing} (treated as empty) or {@code failed}
   */
  public String getOutcome() {
    return outcome;
  }

  /**
   * @return its errors and warnings, as {@code check} reports them
   */
  public String[] getProblems() {
    return problems.clone();
  }
}
