package dev.tcpwrap.agent.inetd;

import dev.tcpwrap.agent.config.AgentConfig;
import dev.tcpwrap.agent.gate.ConnectionFilter;
import dev.tcpwrap.agent.log.AgentLog;
import dev.tcpwrap.agent.log.LogLevel;
import dev.tcpwrap.agent.log.Text;
import dev.tcpwrap.core.action.CommandRunner;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * inetd-style start: a JVM started for one connection that it finds on its standard input (xinetd
 * or inetd {@code nowait}, systemd {@code Accept=yes} with {@code StandardInput=socket}, socat's
 * {@code EXEC:...,nofork}), where {@code System.inheritedChannel()} is a connected socket. No
 * accept happens in such a JVM, so premain checks that connection before the application's {@code
 * main} runs, through the same filter as every accepted connection (daemon name by the local port,
 * options, dry-run, onerror).
 *
 * <p>Allowed: nothing changes. The application's {@code System.inheritedChannel()} returns the very
 * channel object checked here (the JDK keeps it), still open, blocking and unread, and {@code
 * System.in}/{@code System.out} are the socket as before.
 *
 * <p>Refused: the client sees the connection end without a byte, the tcpd line is logged, and the
 * process exits with status {@value #EXIT_REFUSED} without loading the application's main class.
 * That is tcpd's model, exit status included: tcpd's {@code clean_exit} ends with {@code exit(0)},
 * and a refusal is a decision carried out, not a failure, so systemd {@code Accept=yes} instances
 * do not pile up as failed units. {@code spawn} commands are waited for before the exit (tcpd waits
 * for them too). A {@code twist} connects the client to its command as on any connection; the JVM
 * stays only to carry the bytes and exits (status {@value #EXIT_REFUSED}) when the command is done,
 * again without running the application.
 *
 * <p>A listening socket on standard input (inetd {@code wait}, a systemd socket unit without {@code
 * Accept} and with {@code StandardInput=socket}) needs nothing here: the application accepts from
 * it, and that accept is checked like any other. A UDP socket is not checked (the agent covers
 * TCP); a warning says so.
 */
public final class InheritedConnection {

  /** Exit status of a JVM whose inherited connection was refused (tcpd's). */
  public static final int EXIT_REFUSED = 0;

  /** Exit status when the inherited connection could not be examined and onerror=deny. */
  public static final int EXIT_FAILED = 1;

  private InheritedConnection() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /**
   * Whether the agent's log, if it goes to standard error or standard output, would write into the
   * inherited connection itself: xinetd and inetd put the connection on descriptors 0, 1 and 2, and
   * systemd does the same unless told otherwise. Lines there would reach the client (a refused one
   * included) and break the service's protocol, so the agent must not write them. {@code slf4j}
   * counts as standard error: it writes there until the application starts its logging, which in a
   * refused JVM never happens.
   *
   * @param log the {@code log=} value
   * @return {@code true} only when that descriptor is known to be the socket on standard input
   */
  public static boolean logWouldReachClient(String log) {
    int fd;
    if ("stderr".equals(log) || AgentLog.SLF4J.equals(log)) {
      fd = 2;
    } else if ("stdout".equals(log)) {
      fd = 1;
    } else {
      return false;
    }
    String in = ProcSelf.target(0);
    return in != null && in.startsWith("socket:") && in.equals(ProcSelf.target(fd));
  }

  /**
   * Checks the connection on standard input, if there is one. Returns when the application may run;
   * does not return when the connection was refused (the JVM exits). Never throws.
   *
   * @param filter the installed filter
   * @param config the configuration (onerror)
   * @param log the agent's log
   * @param bootClassPathAppended whether the agent's start had to append to the boot class path,
   *     which makes the JVM print a warning on standard output
   */
  public static void check(
      ConnectionFilter filter, AgentConfig config, AgentLog log, boolean bootClassPathAppended) {
    Channel inherited;
    try {
      String in = ProcSelf.target(0);
      if (in != null && !in.startsWith("socket:")) {
        return; // a terminal, a pipe, a file, the null device: the usual start
      }
      inherited = System.inheritedChannel();
    } catch (Throwable t) {
      failed(config, log, t);
      return;
    }
    try {
      if (inherited instanceof SocketChannel sc) {
        connection(filter, config, log, sc, bootClassPathAppended);
      } else if (inherited instanceof ServerSocketChannel) {
        log.diag(
            LogLevel.DEBUG,
            "standard input is a listening socket (inetd wait):"
                + " its connections are checked as the application accepts them");
      } else if (inherited instanceof DatagramChannel) {
        log.diag(
            LogLevel.WARN,
            "standard input is a UDP socket (inetd dgram): its datagrams are NOT checked"
                + " against the rules (the agent checks TCP connections)");
      }
    } catch (Throwable t) {
      failed(config, log, t);
    }
  }

  private static void connection(
      ConnectionFilter filter,
      AgentConfig config,
      AgentLog log,
      SocketChannel inherited,
      boolean bootClassPathAppended)
      throws IOException {
    if (!(inherited.getRemoteAddress() instanceof InetSocketAddress)) {
      return; // a Unix-domain socket (ssh, a supervisor's socketpair): not a client to check
    }
    if (bootClassPathAppended) {
      warnIfTheJvmWroteToTheClient(log);
    }
    ShutdownOnCloseChannel c = new ShutdownOnCloseChannel(inherited);
    boolean refused;
    try {
      refused = filter.refuse(ProcSelf.listener(inherited), c);
    } catch (Throwable t) {
      // the filter decides its own failures by onerror; this only guards against a broken one
      refused = config.denyOnError();
      log.diag(
          LogLevel.ERROR,
          "access check of the inherited connection failed ("
              + Text.escape(String.valueOf(t))
              + "); onerror="
              + (refused ? "deny" : "allow"));
    }
    if (!refused) {
      return;
    }
    awaitCommands(filter.runner());
    closeQuietly(c); // a twist or a refusal closed it already; a dropped twist may not have
    end(EXIT_REFUSED, log);
  }

  /**
   * Appending the agent's classes to the boot class path (only the fallback of a start whose direct
   * definition in the boot loader failed) makes HotSpot print "Sharing is only supported for boot
   * loader classes because bootstrap classpath has been appended" on standard output when class
   * data sharing is on, before any agent code could prevent it. Under inetd standard output is the
   * connection, so every client, a refused one too, receives that line. Only the JVM's options
   * avoid it; the log says which.
   */
  private static void warnIfTheJvmWroteToTheClient(AgentLog log) {
    try {
      String in = ProcSelf.target(0);
      if (!log.enabled(LogLevel.WARN)
          || in == null
          || !in.equals(ProcSelf.target(1))
          || !String.valueOf(System.getProperty("java.vm.info")).contains("sharing")) {
        return;
      }
      com.sun.management.HotSpotDiagnosticMXBean vm =
          java.lang.management.ManagementFactory.getPlatformMXBean(
              com.sun.management.HotSpotDiagnosticMXBean.class);
      if (vm != null && "true".equals(vm.getVMOption("PrintWarnings").getValue())) {
        log.diag(
            LogLevel.WARN,
            "standard output is the client's connection, and the JVM wrote its class-sharing"
                + " warning there (the client received it before anything else): start this JVM"
                + " with -XX:-PrintWarnings (or -Xshare:off)");
      }
    } catch (Throwable t) {
      // no management module (a jlink image) or no such option: nothing to tell
    }
  }

  // spawn commands (tcpd waits for them) and a twist's session hold slots until they are done;
  // the runner destroys what runs past its maximum runtime, so this ends
  private static void awaitCommands(CommandRunner runner) {
    long deadline =
        System.nanoTime() + runner.limits().maxRuntime().plusSeconds(10).toNanos(); // + kill grace
    while (runner.stats().running() > 0 && System.nanoTime() - deadline < 0) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  // the inherited socket could not be examined: onerror decides whether the application runs
  private static void failed(AgentConfig config, AgentLog log, Throwable t) {
    boolean deny = config.denyOnError();
    log.diag(
        LogLevel.ERROR,
        "cannot examine the connection on standard input ("
            + Text.escape(String.valueOf(t))
            + "); onerror="
            + (deny ? "deny: exiting without running the application" : "allow"));
    if (deny) {
      end(EXIT_FAILED, log);
    }
  }

  // the exit runs the shutdown hooks (other agents' too); where a security manager forbids it, the
  // application must still not run
  private static void end(int status, AgentLog log) {
    log.flush();
    try {
      System.exit(status);
    } catch (Throwable t) {
      Runtime.getRuntime().halt(status);
    }
  }

  private static void closeQuietly(SocketChannel c) {
    try {
      c.close();
    } catch (IOException | RuntimeException e) {
      // shut down or gone: either way the client is done with
    }
  }
}
