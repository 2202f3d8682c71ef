package dev.tcpwrap.it.frameworks;

import dev.tcpwrap.it.servers.JdkHttpServer;
import dev.tcpwrap.it.servers.JettyServer;
import dev.tcpwrap.it.servers.JmxServer;
import dev.tcpwrap.it.servers.NettyServer;
import dev.tcpwrap.it.servers.TomcatServer;
import dev.tcpwrap.it.servers.UndertowServer;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The real servers of the framework matrix: the server main, its program arguments, the JVM
 * options, the Maven groups whose jars (taken from this test JVM's class path) go on the forked
 * server's class path, and the kind of probe that talks to it, and the line the server prints to
 * name the accept set-up it runs.
 */
enum Framework {
  /** Jetty 12, default connector: a blocking acceptor thread. */
  JETTY(
      JettyServer.class,
      List.of("ACCEPTOR"),
      List.of(),
      List.of("org/eclipse/jetty/", "org/slf4j/"),
      true,
      "ACCEPTORS [1-9][0-9]*"),
  /** Jetty 12, {@code acceptors=0}: non-blocking accept in the selector. */
  JETTY_SELECTOR(
      JettyServer.class,
      List.of("SELECTOR"),
      List.of(),
      List.of("org/eclipse/jetty/", "org/slf4j/"),
      true,
      "ACCEPTORS 0"),
  /** Tomcat 11, {@code Http11NioProtocol}. */
  TOMCAT_NIO(
      TomcatServer.class,
      List.of("NIO"),
      List.of(),
      List.of("org/apache/tomcat/"),
      true,
      "PROTOCOL org\\.apache\\.coyote\\.http11\\.Http11NioProtocol"),
  /**
   * Tomcat 11, {@code Http11Nio2Protocol}: AsynchronousServerSocketChannel with a
   * CompletionHandler.
   */
  TOMCAT_NIO2(
      TomcatServer.class,
      List.of("NIO2"),
      List.of(),
      List.of("org/apache/tomcat/"),
      true,
      "PROTOCOL org\\.apache\\.coyote\\.http11\\.Http11Nio2Protocol"),
  /** Netty 4.2, NIO transport. */
  NETTY_NIO(
      NettyServer.class,
      List.of(),
      List.of(),
      List.of("io/netty/"),
      true,
      "CHANNEL io\\.netty\\.channel\\.socket\\.nio\\.NioServerSocketChannel"),
  /** Undertow over XNIO NIO. */
  UNDERTOW(
      UndertowServer.class,
      List.of(),
      List.of(),
      List.of("io/undertow/", "org/jboss/", "org/wildfly/", "io/smallrye/"),
      true,
      "XNIO nio"),
  /**
   * The JDK's {@code com.sun.net.httpserver}: non-blocking accept in its dispatcher thread; no
   * dependency.
   */
  JDK_HTTPSERVER(
      JdkHttpServer.class,
      List.of(),
      List.of(),
      List.of(),
      true,
      "HTTPSERVER sun\\.net\\.httpserver\\.HttpServerImpl"),
  /** An RMI registry with a JMX connector server on the same port. */
  RMI_JMX(
      JmxServer.class,
      List.of(),
      List.of("-Dsun.rmi.transport.tcp.logLevel=BRIEF"),
      List.of(),
      false,
      "JMX service:jmx:rmi://127\\.0\\.0\\.1:(\\d+)/jndi/rmi://127\\.0\\.0\\.1:\\1/jmxrmi"),
  /**
   * The JDK's own management agent, as {@code -Dcom.sun.management.jmxremote.port} starts it with
   * the JVM: registry and connector on one port ({@value #FREE_PORT} is replaced by a free port at
   * each start).
   */
  JMX_MANAGEMENT_AGENT(
      JmxServer.class,
      List.of("MANAGEMENT_AGENT"),
      List.of(
          "-Dsun.rmi.transport.tcp.logLevel=BRIEF",
          "-Djava.rmi.server.hostname=127.0.0.1",
          "-Dcom.sun.management.jmxremote.port=" + Framework.FREE_PORT,
          "-Dcom.sun.management.jmxremote.rmi.port=" + Framework.FREE_PORT,
          "-Dcom.sun.management.jmxremote.authenticate=false",
          "-Dcom.sun.management.jmxremote.ssl=false"),
      List.of(),
      false,
      "JMX management agent port (\\d+), RMI port \\1");

  /**
   * In the JVM options: a port free when the server is started, the same one throughout one start.
   */
  static final String FREE_PORT = "{FREE_PORT}";

  private final Class<?> main;
  private final List<String> args;
  private final List<String> jvmArgs;
  private final List<String> groups;
  private final boolean http;
  private final Pattern setup;

  Framework(
      Class<?> main,
      List<String> args,
      List<String> jvmArgs,
      List<String> groups,
      boolean http,
      String setup) {
    this.main = main;
    this.args = args;
    this.jvmArgs = jvmArgs;
    this.groups = groups;
    this.http = http;
    this.setup = Pattern.compile(setup);
  }

  /**
   * @return the stdout line by which the server main names the accept set-up it really runs
   */
  Pattern setup() {
    return setup;
  }

  Class<?> main() {
    return main;
  }

  String[] args() {
    return args.toArray(String[]::new);
  }

  /**
   * @return the JVM options for one start, {@value #FREE_PORT} replaced by a port free now
   */
  String[] jvmArgs() {
    if (jvmArgs.stream().noneMatch(a -> a.contains(FREE_PORT))) {
      return jvmArgs.toArray(String[]::new);
    }
    String port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = Integer.toString(s.getLocalPort());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return jvmArgs.stream().map(a -> a.replace(FREE_PORT, port)).toArray(String[]::new);
  }

  /**
   * @return whether the server speaks HTTP/1.1 (else RMI/JMX)
   */
  boolean http() {
    return http;
  }

  /**
   * @return whether the framework prints {@code CONNECTION <address>} for each new connection
   */
  boolean reportsConnections() {
    return this == JETTY || this == JETTY_SELECTOR || this == NETTY_NIO;
  }

  /**
   * @return the jars of this framework from the test class path, in class path order
   */
  Path[] classpath() {
    Path[] jars =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(e -> e.endsWith(".jar"))
            .filter(
                e ->
                    groups.stream()
                        .anyMatch(g -> e.replace(File.separatorChar, '/').contains("/" + g)))
            .map(Path::of)
            .filter(Files::isRegularFile)
            .toArray(Path[]::new);
    if (!groups.isEmpty() && jars.length == 0) {
      throw new IllegalStateException(
          "no jar of "
              + groups
              + " on the test class path: "
              + System.getProperty("java.class.path"));
    }
    return jars;
  }
}
