package dev.tcpwrap.agent.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogLevelTest {

  @Test
  void syslogLevelsMapToAgentLevels() {
    // emerg alert crit err warning notice info debug
    assertThat(
            new LogLevel[] {
              LogLevel.ofSyslog(0),
              LogLevel.ofSyslog(1),
              LogLevel.ofSyslog(2),
              LogLevel.ofSyslog(3),
              LogLevel.ofSyslog(4),
              LogLevel.ofSyslog(5),
              LogLevel.ofSyslog(6),
              LogLevel.ofSyslog(7)
            })
        .containsExactly(
            LogLevel.ERROR,
            LogLevel.ERROR,
            LogLevel.ERROR,
            LogLevel.ERROR,
            LogLevel.WARN,
            LogLevel.INFO,
            LogLevel.INFO,
            LogLevel.DEBUG);
  }
}
