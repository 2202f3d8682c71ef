package dev.tcpwrap.agent.engine;

import dev.tcpwrap.agent.log.AgentLog;
import dev.tcpwrap.agent.log.LogLevel;
import dev.tcpwrap.agent.log.Text;
import java.util.function.Consumer;

/**
 * Carries the lines of {@link dev.tcpwrap.core.reload.RuleFiles} (what was loaded or reloaded,
 * rules added and removed, every diagnostic) into the agent log, each at its level: {@code error:
 * ...} at ERROR, {@code warning: ...} at WARN, a failed reload at ERROR, everything else at INFO.
 */
public final class RuleLog implements Consumer<String> {

  private final AgentLog log;

  /**
   * @param log the agent log
   */
  public RuleLog(AgentLog log) {
    this.log = log;
  }

  @Override
  public void accept(String line) {
    if (line == null) {
      return;
    }
    if (line.startsWith("error: ")) {
      log.diag(LogLevel.ERROR, Text.escape(line.substring("error: ".length())));
    } else if (line.startsWith("warning: ")) {
      log.diag(LogLevel.WARN, Text.escape(line.substring("warning: ".length())));
    } else if (line.startsWith("reload failed")) {
      log.diag(LogLevel.ERROR, Text.escape(line));
    } else {
      log.diag(LogLevel.INFO, Text.escape(line));
    }
  }
}
