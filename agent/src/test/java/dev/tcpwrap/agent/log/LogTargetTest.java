package dev.tcpwrap.agent.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpwrap.agent.log.LogTarget.Kind;
import org.junit.jupiter.api.Test;

class LogTargetTest {

  @Test
  void theSyslogForms() {
    assertThat(LogTarget.parse("syslog"))
        .isEqualTo(new LogTarget(Kind.SYSLOG_LOCAL, "/dev/log", null, 0));
    assertThat(LogTarget.parse("syslog:/run/x/log"))
        .isEqualTo(new LogTarget(Kind.SYSLOG_LOCAL, "/run/x/log", null, 0));
    assertThat(LogTarget.parse("syslog://logs.example.com"))
        .isEqualTo(new LogTarget(Kind.SYSLOG_UDP, null, "logs.example.com", 514));
    assertThat(LogTarget.parse("syslog+udp://10.0.0.1:5140"))
        .isEqualTo(new LogTarget(Kind.SYSLOG_UDP, null, "10.0.0.1", 5140));
    assertThat(LogTarget.parse("syslog+tcp://[2001:db8::1]:601"))
        .isEqualTo(new LogTarget(Kind.SYSLOG_TCP, null, "2001:db8::1", 601));
    assertThat(LogTarget.parse("syslog+tcp://[::1]").describe())
        .isEqualTo("syslog+tcp://[::1]:514");
    assertThat(LogTarget.parse("syslog").describe()).isEqualTo("syslog /dev/log");
  }

  @Test
  void everythingElseKeepsItsMeaning() {
    assertThat(LogTarget.parse("stderr").kind()).isEqualTo(Kind.STDERR);
    assertThat(LogTarget.parse("stdout").kind()).isEqualTo(Kind.STDOUT);
    assertThat(LogTarget.parse("slf4j").kind()).isEqualTo(Kind.SLF4J);
    assertThat(LogTarget.parse("/var/log/tcpwrap.log"))
        .isEqualTo(new LogTarget(Kind.FILE, "/var/log/tcpwrap.log", null, 0));
    assertThat(LogTarget.parse("syslog.log").kind()).isEqualTo(Kind.FILE);
  }

  @Test
  void malformedSyslogFormsAreRefusedWithTheReason() {
    assertThatThrownBy(() -> LogTarget.parse("syslog://"))
        .hasMessage("expected a host name or address, then :PORT");
    assertThatThrownBy(() -> LogTarget.parse("syslog://h:0"))
        .hasMessage("expected a port in 1..65535");
    assertThatThrownBy(() -> LogTarget.parse("syslog://h:70000"))
        .hasMessage("expected a port in 1..65535");
    assertThatThrownBy(() -> LogTarget.parse("syslog://2001:db8::1:514"))
        .hasMessage("an IPv6 address goes in brackets: [ADDRESS]:PORT");
    assertThatThrownBy(() -> LogTarget.parse("syslog+tcp://[::1"))
        .hasMessage("an IPv6 address needs its closing ']'");
    assertThatThrownBy(() -> LogTarget.parse("syslog+tls://h:6514"))
        .hasMessageStartingWith("expected syslog, syslog:/SOCKET, syslog://HOST[:PORT]");
    assertThatThrownBy(() -> LogTarget.parse("syslog:relative"))
        .hasMessageStartingWith("expected syslog, syslog:/SOCKET");
    assertThatThrownBy(() -> LogTarget.parse("syslog:/" + "x".repeat(107)))
        .hasMessage("a syslog socket path has at most 107 bytes");
  }
}
