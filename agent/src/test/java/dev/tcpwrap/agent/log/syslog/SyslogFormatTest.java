package dev.tcpwrap.agent.log.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.agent.log.LogLevel;
import dev.tcpwrap.agent.log.LogRecord;
import dev.tcpwrap.core.action.Severity;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SyslogFormatTest {

  private static final long MILLIS = Instant.parse("2026-12-03T09:05:07.123Z").toEpochMilli();
  private static final SyslogFormat UTC =
      new SyslogFormat(4711, "web1.example.com", ZoneOffset.UTC);

  private static LogRecord refused(String text) {
    return new LogRecord(MILLIS, LogLevel.WARN, "shop", text);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void localSocketFormIsGlibcsWithoutHost() {
    assertThat(text(UTC.local(refused("refused connect from h (1.2.3.4)"))))
        .isEqualTo("<28>Dec  3 09:05:07 shop[4711]: refused connect from h (1.2.3.4)");
  }

  @Test
  void rfc3164HasTheShortHostAndTcpdsDefaultPriorities() {
    assertThat(text(UTC.rfc3164(refused("refused connect from h (1.2.3.4)"))))
        .isEqualTo("<28>Dec  3 09:05:07 web1 shop[4711]: refused connect from h (1.2.3.4)");
    LogRecord allowed = new LogRecord(MILLIS, LogLevel.INFO, "shop", "connect from h (1.2.3.4)");
    assertThat(text(UTC.rfc3164(allowed))).startsWith("<30>Dec 3".replace(" 3", "  3"));
  }

  @Test
  void eachLineHasTheTimeOfItsOwnSecondThoughTheLastOneIsReused() {
    SyslogFormat f = new SyslogFormat(4711, "web1", ZoneOffset.UTC);
    long[] at = {MILLIS, MILLIS + 500, MILLIS + 877, MILLIS + 1_000, MILLIS - 60_000, MILLIS};
    String[] want = {"09:05:07", "09:05:07", "09:05:08", "09:05:08", "09:04:07", "09:05:07"};
    for (int i = 0; i < at.length; i++) {
      LogRecord r = new LogRecord(at[i], LogLevel.WARN, "shop", "x");
      assertThat(text(f.rfc3164(r))).startsWith("<28>Dec  3 " + want[i] + " web1 ");
      assertThat(text(f.local(r))).startsWith("<28>Dec  3 " + want[i] + " shop[");
    }
  }

  @Test
  void rfc5424CarriesAppNameAndProcIdAndAZonedTime() {
    SyslogFormat berlin = new SyslogFormat(4711, "web1.example.com", ZoneId.of("Europe/Berlin"));
    assertThat(text(berlin.rfc5424(refused("refused connect from h (1.2.3.4)"))))
        .isEqualTo(
            "<28>1 2026-12-03T10:05:07.123000+01:00 web1.example.com shop 4711 - -"
                + " refused connect from h (1.2.3.4)");
  }

  @Test
  void aSeverityOptionSetsFacilityAndLevel() {
    Severity s = Severity.parse("local3.notice");
    LogRecord r =
        new LogRecord(MILLIS, LogLevel.ofSyslog(5), s.priority(), "shop", "connect from h (h)");
    assertThat(text(UTC.rfc3164(r))).startsWith("<157>"); // 19 << 3 | 5
    assertThat(text(UTC.rfc5424(r))).startsWith("<157>1 ");
  }

  @Test
  void diagnosticsAreTaggedTcpwrapWithTheirLevelInTheText() {
    LogRecord r = new LogRecord(MILLIS, LogLevel.ERROR, null, "bad rule");
    assertThat(text(UTC.local(r))).isEqualTo("<27>Dec  3 09:05:07 tcpwrap[4711]: error: bad rule");
  }

  @Test
  void octetCountingCountsBytesNotCharacters() {
    byte[] msg = "<28>1 - - shop 1 - - ü".getBytes(StandardCharsets.UTF_8);
    assertThat(text(SyslogFormat.octetCounted(msg))).isEqualTo("23 <28>1 - - shop 1 - - ü");
  }

  @Test
  void controlCharactersLeftInTheTextAreEscapedNeverSent() {
    String forged = "x\nDec  3 09:05:07 web1 sshd[1]: accepted\r\u0000\u0085\u2028";
    for (byte[] b :
        new byte[][] {
          UTC.local(refused(forged)), UTC.rfc3164(refused(forged)), UTC.rfc5424(refused(forged))
        }) {
      String s = text(b);
      assertThat(s.chars()).noneMatch(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028);
      assertThat(s).endsWith("x\\x0aDec  3 09:05:07 web1 sshd[1]: accepted\\x0d\\x00\\x85\\u2028");
    }
  }

  @Test
  void aTagCannotEndEarlyOrGrowPast48() {
    assertThat(SyslogFormat.tag("my app[1]:x")).isEqualTo("my_app_1__x");
    assertThat(SyslogFormat.tag("d".repeat(60))).hasSize(48);
    assertThat(SyslogFormat.tag("")).isEqualTo("-");
  }

  @Test
  void aLongLineIsCutOnACharacterBoundary() {
    byte[] b = UTC.rfc5424(refused("é".repeat(SyslogFormat.MAX_MESSAGE)));
    assertThat(b.length).isLessThanOrEqualTo(SyslogFormat.MAX_MESSAGE);
    assertThat(text(b)).endsWith("é");
  }

  @Test
  void hostNamesFromTheKernelAreCheckedBeforeUse() {
    assertThat(Hostname.valid("web1.example.com")).isTrue();
    assertThat(Hostname.valid("x (10.9.9.9) y")).isFalse();
    assertThat(Hostname.valid("")).isFalse();
    assertThat(Hostname.valid(Hostname.local())).isTrue();
  }
}
