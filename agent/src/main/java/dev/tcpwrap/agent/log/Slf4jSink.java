package dev.tcpwrap.agent.log;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.ref.WeakReference;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code log=slf4j}: records go into the <em>application's</em> SLF4J (1.7 or 2.x), and from there
 * into its logback, log4j2 or other configuration. The agent holds no SLF4J class; everything goes
 * by reflection through the class loader that loaded the application's {@code
 * org.slf4j.LoggerFactory}.
 *
 * <p>Never too early: initialising SLF4J runs the application's logging configuration, which the
 * agent must not do at {@code premain}, before the application has set it up. So this sink waits
 * until the application itself loads {@code LoggerFactory} (seen by a class-file transformer that
 * only looks at names, or found among the loaded classes on attach), and writes to stderr until
 * then.
 *
 * <p>Never breaking: if SLF4J is absent, has no backend (NOP), or lacks the methods used ({@code
 * LoggerFactory.getLogger(String)}, {@code Logger.error/warn/info/debug(String)}, the same in 1.7
 * and 2.x), one notice line says so and everything stays on stderr.
 *
 * <p>Logger names: {@code tcpwrap.DAEMON} for access lines ({@code refused connect from ...} at
 * WARN, {@code connect from ...} at INFO), {@code tcpwrap} for diagnostics (at their own level).
 */
final class Slf4jSink implements LogSink {

  /** The logger name of diagnostics, and the prefix of the access loggers. */
  static final String LOGGER = "tcpwrap";

  /**
   * Time between seeing LoggerFactory loaded and using it: the application initialises it
   * meanwhile.
   */
  static final long SETTLE_NANOS = 50_000_000L;

  private enum State {
    WAITING,
    ACTIVE,
    FALLBACK
  }

  private final String factoryClass;
  private final String loggerInterface;
  private final LogSink fallback;
  private final Map<String, Object> loggers = new HashMap<>();
  private volatile WeakReference<ClassLoader> seenLoader;
  private volatile long seenNanos;
  private State state = State.WAITING;
  private Method getLogger;
  private Method[] byLevel;
  private Instrumentation inst;
  private ClassFileTransformer watcher;
  private String backend;

  Slf4jSink(String factoryClass, String loggerInterface, LogSink fallback) {
    this.factoryClass = factoryClass;
    this.loggerInterface = loggerInterface;
    this.fallback = fallback;
  }

  /** The application's SLF4J, with stderr as fallback. */
  static Slf4jSink forApplication(long pid) {
    return new Slf4jSink("org.slf4j.LoggerFactory", "org.slf4j.Logger", StreamSink.stderr(pid));
  }

  /**
   * Starts looking for the application's SLF4J and returns the notice to log now, if any.
   *
   * @param instrumentation to see {@code LoggerFactory} being loaded; {@code null} only looks at
   *     the system class loader
   * @return a line for the log ({@code null} if none), logged at INFO when SLF4J is expected, WARN
   *     if absent
   */
  LogRecord startWatching(Instrumentation instrumentation) {
    this.inst = instrumentation;
    String internal = factoryClass.replace('.', '/');
    if (instrumentation != null) {
      for (Class<?> c : instrumentation.getAllLoadedClasses()) {
        if (c.getName().equals(factoryClass) && c.getClassLoader() != null) {
          seen(c.getClassLoader());
          seenNanos = System.nanoTime() - SETTLE_NANOS; // already in use: no need to wait
          return null;
        }
      }
      watcher =
          new ClassFileTransformer() {
            @Override
            public byte[] transform(
                ClassLoader loader,
                String className,
                Class<?> redefined,
                ProtectionDomain pd,
                byte[] classfile) {
              if (loader != null && internal.equals(className) && seenLoader == null) {
                seen(loader);
              }
              return null;
            }
          };
      instrumentation.addTransformer(watcher, false);
    } else {
      seen(ClassLoader.getSystemClassLoader());
    }
    if (ClassLoader.getSystemClassLoader().getResource(internal + ".class") == null) {
      return new LogRecord(
          System.currentTimeMillis(),
          LogLevel.WARN,
          null,
          "log=slf4j: SLF4J is not on the application class path; logging to stderr"
              + (instrumentation != null ? " (until an application class loader loads it)" : ""));
    }
    return new LogRecord(
        System.currentTimeMillis(),
        LogLevel.INFO,
        null,
        "log=slf4j: logging to stderr until the application initialises SLF4J");
  }

  private void seen(ClassLoader loader) {
    seenNanos = System.nanoTime();
    seenLoader = new WeakReference<>(loader);
  }

  /**
   * @return {@code waiting}, {@code active BACKEND} or {@code fallback}
   */
  String state() {
    return state == State.ACTIVE
        ? "active " + backend
        : state.name().toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public int write(List<LogRecord> batch) {
    if (state == State.WAITING) {
      awaitSettled();
      resolve();
    }
    if (state != State.ACTIVE) {
      return fallback.write(batch);
    }
    int failed = 0;
    for (LogRecord r : batch) {
      if (!send(r)) {
        failed++;
      }
    }
    return failed;
  }

  // one record through the application's logger
  private boolean send(LogRecord r) {
    try {
      String name = r.daemon() == null ? LOGGER : LOGGER + "." + r.daemon();
      Object logger = loggers.get(name);
      if (logger == null) {
        logger = getLogger.invoke(null, name);
        if (loggers.size() < 1000) {
          loggers.put(name, logger);
        }
      }
      byLevel[r.level().ordinal()].invoke(logger, r.message());
      return true;
    } catch (Throwable t) {
      return false;
    }
  }

  // the application has just loaded LoggerFactory: these records belong in its log, so wait out the
  // settle
  // time here (on the log's own thread, never an accepting one) instead of sending them to stderr
  // for good
  private void awaitSettled() {
    if (seenLoader == null) {
      return;
    }
    long left = SETTLE_NANOS - (System.nanoTime() - seenNanos);
    if (left > 0) {
      java.util.concurrent.locks.LockSupport.parkNanos(left);
    }
  }

  // once the application has loaded LoggerFactory: find the methods, check for a backend
  private void resolve() {
    WeakReference<ClassLoader> ref = seenLoader;
    ClassLoader loader = ref == null ? null : ref.get();
    if (loader == null || System.nanoTime() - seenNanos < SETTLE_NANOS) {
      return;
    }
    stopWatching();
    try {
      Class<?> factory = Class.forName(factoryClass, true, loader);
      Class<?> loggerType = Class.forName(loggerInterface, false, loader);
      Method get = factory.getMethod("getLogger", String.class);
      Method error = loggerType.getMethod("error", String.class);
      Method warn = loggerType.getMethod("warn", String.class);
      Method info = loggerType.getMethod("info", String.class);
      Method debug = loggerType.getMethod("debug", String.class);
      Object iLoggerFactory = factory.getMethod("getILoggerFactory").invoke(null);
      String factoryName = iLoggerFactory == null ? "null" : iLoggerFactory.getClass().getName();
      if (simpleName(factoryName).equals("SubstituteLoggerFactory")) {
        seenNanos =
            System.nanoTime(); // the application is initialising it right now: look again later
        return;
      }
      if (iLoggerFactory == null || simpleName(factoryName).equals("NOPLoggerFactory")) {
        giveUp(
            LogLevel.WARN,
            "log=slf4j: the application's SLF4J has no logging backend (NOP); logging to stderr");
        return;
      }
      Object probe = get.invoke(null, LOGGER);
      if (!loggerType.isInstance(probe)) {
        giveUp(
            LogLevel.WARN,
            "log=slf4j: the application's SLF4J returned no usable logger; logging to stderr");
        return;
      }
      getLogger = get;
      byLevel = new Method[LogLevel.values().length];
      byLevel[LogLevel.OFF.ordinal()] = debug;
      byLevel[LogLevel.ERROR.ordinal()] = error;
      byLevel[LogLevel.WARN.ordinal()] = warn;
      byLevel[LogLevel.INFO.ordinal()] = info;
      byLevel[LogLevel.DEBUG.ordinal()] = debug;
      backend = factoryName;
      state = State.ACTIVE;
      fallback.write(
          List.of(
              new LogRecord(
                  System.currentTimeMillis(),
                  LogLevel.INFO,
                  null,
                  "log=slf4j: from now on log records go to the application's SLF4J ("
                      + Text.escape(factoryName)
                      + "), loggers "
                      + LOGGER
                      + " and "
                      + LOGGER
                      + ".DAEMON")));
    } catch (InvocationTargetException e) {
      giveUp(
          LogLevel.WARN,
          "log=slf4j: the application's SLF4J failed to start ("
              + Text.escape(String.valueOf(e.getCause()))
              + "); logging to stderr");
    } catch (Throwable t) {
      giveUp(
          LogLevel.WARN,
          "log=slf4j: the application's SLF4J is not usable ("
              + Text.escape(String.valueOf(t))
              + "); logging to stderr");
    }
  }

  private static String simpleName(String className) {
    return className.substring(
        Math.max(className.lastIndexOf('.'), className.lastIndexOf('$')) + 1);
  }

  private void giveUp(LogLevel level, String message) {
    state = State.FALLBACK;
    fallback.write(List.of(new LogRecord(System.currentTimeMillis(), level, null, message)));
  }

  private void stopWatching() {
    if (watcher != null && inst != null) {
      try {
        inst.removeTransformer(watcher);
      } catch (Throwable ignored) {
        // it only ever looks at names
      }
      watcher = null;
    }
  }

  @Override
  public String describe() {
    return "slf4j";
  }
}
