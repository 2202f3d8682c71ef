package dev.tcpwrap.agent.jmx;

/** One rule in force and what it decided, as an MXBean composite. */
public final class RuleHitInfo {

  private final String file;
  private final int line;
  private final String rule;
  private final long hits;
  private final long lastHitMillis;

  RuleHitInfo(String file, int line, String rule, long hits, long lastHitMillis) {
    this.file = file;
    this.line = line;
    this.rule = rule;
    this.hits = hits;
    this.lastHitMillis = lastHitMillis;
  }

  /**
   * @return the rule file
   */
  public String getFile() {
    return file;
  }

  /**
   * @return the rule's line
   */
  public int getLine() {
    return line;
  }

  /**
   * @return the rule, normalised
   */
  public String getRule() {
    return rule;
  }

  /**
   * @return connections it decided since its file was (re)loaded
   */
  public long getHits() {
    return hits;
  }

  /**
   * @return when it last decided one, epoch milliseconds; 0 if never
   */
  public long getLastHitMillis() {
    return lastHitMillis;
  }
}
