package dev.tcpwrap.core.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** severity [facility.]level. */
class SeverityTest {

  @Test
  void tcpdsDefaults() {
    assertThat(Severity.ALLOWED).hasToString("daemon.info");
    assertThat(Severity.REFUSED).hasToString("daemon.warning");
    assertThat(Severity.ALLOWED.priority()).isEqualTo(30);
    assertThat(Severity.REFUSED.priority()).isEqualTo(28);
  }

  @ParameterizedTest
  @CsvSource({
    "info, daemon.info, false, 30",
    "WARNING, daemon.warning, false, 28",
    "local3.notice, local3.notice, true, 157",
    "AUTH.CRIT, auth.crit, true, 34",
    "kern.emerg, kern.emerg, true, 0",
    "local7.debug, local7.debug, true, 191",
    "mail.err, mail.err, true, 19",
    "cron.alert, cron.alert, true, 73",
  })
  void parses(String value, String shown, boolean explicit, int priority) {
    Severity s = Severity.parse(value);
    assertThat(s).hasToString(shown);
    assertThat(s.explicitFacility()).isEqualTo(explicit);
    assertThat(s.priority()).isEqualTo(priority);
  }

  @ParameterizedTest
  @CsvSource({
    "warn, warn",
    "daemon, daemon",
    "daemon.bogus, bogus",
    "bogus.info, bogus",
    "local8.info, local8",
    "'', ''",
    "daemon., ''",
    "daemon.info.x, info.x",
    "security.info, security",
  })
  void rejectsWithLibwrapsMessage(String value, String named) {
    assertThatThrownBy(() -> Severity.parse(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad syslog facility or severity: \"" + named + "\"");
    assertThat(Severity.tryParse(value)).isNull();
  }

  @Test
  void everyFacilityAndLevelOfTheManPage() {
    for (String f :
        "kern user mail daemon auth lpr news uucp cron local0 local1 local2 local3 local4 local5 local6 local7"
            .split(" ")) {
      for (String l : "emerg alert crit err warning notice info debug".split(" ")) {
        assertThat(Severity.parse(f + "." + l)).hasToString(f + "." + l);
      }
    }
    assertThat(Severity.Level.ERR.atLeast(Severity.Level.WARNING)).isTrue();
    assertThat(Severity.Level.INFO.atLeast(Severity.Level.WARNING)).isFalse();
  }
}
