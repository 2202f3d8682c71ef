package dev.tcpwrap.agent.gate;

import dev.tcpwrap.agent.config.AgentConfig;
import dev.tcpwrap.agent.engine.CorePolicy;
import dev.tcpwrap.agent.log.AgentLog;
import dev.tcpwrap.core.reload.RuleFiles;
import dev.tcpwrap.core.resolve.SystemHostResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** A production filter over real rule files, as the agent builds one, for the gate's tests. */
final class RuleFilters {

  private RuleFilters() {}

  /**
   * @param dir where hosts.allow and hosts.deny are written
   * @param agentArgs the agent argument (daemon name and the rest)
   * @return the filter, deciding with those files; name lookups bounded at 200 ms
   */
  static ConnectionFilter of(Path dir, String allow, String deny, String agentArgs, AgentLog log)
      throws Exception {
    Path a = Files.writeString(dir.resolve("hosts.allow"), allow);
    Path d = Files.writeString(dir.resolve("hosts.deny"), deny);
    AgentConfig config = AgentConfig.load(agentArgs, new Properties(), Map.of(), "x");
    CorePolicy policy =
        CorePolicy.of(
            new RuleFiles(a, d, RuleFiles.DEFAULT_INTERVAL, line -> {}, table -> List.of()),
            SystemHostResolver.builder().timeout(Duration.ofMillis(200)).build(),
            log);
    return new ConnectionFilter(config, policy, log);
  }
}
