package dev.tcpwrap.agent.log;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for SLF4J's {@code LoggerFactory} and {@code Logger} (the agent has no SLF4J, not even
 * in tests).
 */
public final class FakeSlf4j {

  /** What the fake loggers received: {@code LEVEL NAME MESSAGE}. */
  public static final List<String> RECEIVED = new CopyOnWriteArrayList<>();

  /** The name of the "logger factory" class {@code getILoggerFactory} returns. */
  public static volatile Object factory = new Backend();

  private FakeSlf4j() {}

  /** SLF4J's {@code LoggerFactory.getILoggerFactory()}. */
  public static Object getILoggerFactory() {
    return factory;
  }

  /** SLF4J's {@code LoggerFactory.getLogger(String)}. */
  public static Logger getLogger(String name) {
    return new Logger() {
      @Override
      public void error(String m) {
        RECEIVED.add("ERROR " + name + " " + m);
      }

      @Override
      public void warn(String m) {
        RECEIVED.add("WARN " + name + " " + m);
      }

      @Override
      public void info(String m) {
        RECEIVED.add("INFO " + name + " " + m);
      }

      @Override
      public void debug(String m) {
        RECEIVED.add("DEBUG " + name + " " + m);
      }
    };
  }

  /** SLF4J's {@code Logger}, the methods the agent uses. */
  public interface Logger {
    void error(String m);

    void warn(String m);

    void info(String m);

    void debug(String m);
  }

  /** A backend. */
  public static final class Backend {}

  /** SLF4J's no-operation backend, by its simple name. */
  public static final class NOPLoggerFactory {}

  /** A "Logger" without the methods. */
  public static final class Incomplete {
    /** Has no {@code getLogger}. */
    public static Object getILoggerFactory() {
      return new Backend();
    }
  }
}
