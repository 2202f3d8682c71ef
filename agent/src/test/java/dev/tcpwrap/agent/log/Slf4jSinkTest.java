package dev.tcpwrap.agent.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Slf4jSinkTest {

  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

  private static final String FACTORY = FakeSlf4j.class.getName();
  private static final String LOGGER = FakeSlf4j.Logger.class.getName();

  @BeforeEach
  void reset() {
    FakeSlf4j.RECEIVED.clear();
    FakeSlf4j.factory = new FakeSlf4j.Backend();
  }

  private Slf4jSink sink(String factory, String logger) {
    return new Slf4jSink(factory, logger, StreamSink.of(stderr, "stderr", 7));
  }

  private static List<LogRecord> records() {
    return List.of(
        new LogRecord(0, LogLevel.WARN, "shop", "refused connect from a (a)"),
        new LogRecord(0, LogLevel.INFO, "shop", "connect from b (b)"),
        new LogRecord(0, LogLevel.ERROR, null, "hosts.deny, line 1: bad"));
  }

  private String stderr() {
    return stderr.toString(StandardCharsets.UTF_8);
  }

  @Test
  void waitsForTheApplicationThenRoutesByLevelAndLoggerName() throws Exception {
    Slf4jSink s = sink(FACTORY, LOGGER);
    assertThat(s.startWatching(null).message())
        .contains("logging to stderr until the application initialises");
    // written within the settle time after the application loaded LoggerFactory: held until it has
    // passed,
    // then they go where the application's own records go, not to stderr
    assertThat(s.write(records())).isZero();
    assertThat(s.state()).isEqualTo("active " + FakeSlf4j.Backend.class.getName());
    assertThat(stderr()).doesNotContain("refused connect");
    assertThat(s.write(records())).isZero();
    assertThat(FakeSlf4j.RECEIVED)
        .containsExactly(
            "WARN tcpwrap.shop refused connect from a (a)",
            "INFO tcpwrap.shop connect from b (b)",
            "ERROR tcpwrap hosts.deny, line 1: bad",
            "WARN tcpwrap.shop refused connect from a (a)",
            "INFO tcpwrap.shop connect from b (b)",
            "ERROR tcpwrap hosts.deny, line 1: bad");
    assertThat(stderr())
        .contains(
            "tcpwrap[7]: info: log=slf4j: from now on log records go to the application's"
                + " SLF4J ("
                + FakeSlf4j.Backend.class.getName()
                + ")");
  }

  @Test
  void noBackendStaysOnStderrWithOneNotice() throws Exception {
    FakeSlf4j.factory = new FakeSlf4j.NOPLoggerFactory();
    Slf4jSink s = sink(FACTORY, LOGGER);
    s.startWatching(null);
    Thread.sleep(Slf4jSink.SETTLE_NANOS / 1_000_000 + 20);
    s.write(records());
    s.write(records());
    assertThat(s.state()).isEqualTo("fallback");
    assertThat(FakeSlf4j.RECEIVED).isEmpty();
    assertThat(stderr().lines().filter(l -> l.contains("log=slf4j")))
        .containsExactly(
            "tcpwrap[7]: warning: log=slf4j: the application's SLF4J has no logging backend (NOP);"
                + " logging to stderr");
    assertThat(stderr().lines().filter(l -> l.contains("refused connect"))).hasSize(2);
  }

  @Test
  void incompatibleOrAbsentStaysOnStderr() throws Exception {
    Slf4jSink s = sink(FakeSlf4j.Incomplete.class.getName(), LOGGER);
    s.startWatching(null);
    Thread.sleep(Slf4jSink.SETTLE_NANOS / 1_000_000 + 20);
    assertThat(s.write(records())).isZero();
    assertThat(s.state()).isEqualTo("fallback");
    assertThat(stderr())
        .contains(
            "log=slf4j: the application's SLF4J is not usable (java.lang.NoSuchMethodException");

    Slf4jSink absent = sink("org.example.NoSuchFactory", LOGGER);
    assertThat(absent.startWatching(null).message())
        .isEqualTo("log=slf4j: SLF4J is not on the application class path; logging to stderr");
  }
}
