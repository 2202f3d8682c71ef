package dev.tcpwrap.it.frameworks;

import dev.tcpwrap.it.agent.harness.AgentProcess;
import dev.tcpwrap.it.agent.harness.Jdk;
import dev.tcpwrap.it.servers.GrpcServer;
import dev.tcpwrap.it.servers.JdkHttpServer;
import dev.tcpwrap.it.servers.JettyServer;
import dev.tcpwrap.it.servers.JmxServer;
import dev.tcpwrap.it.servers.Netty41Server;
import dev.tcpwrap.it.servers.NettyServer;
import dev.tcpwrap.it.servers.Tomcat9AprServer;
import dev.tcpwrap.it.servers.TomcatServer;
import dev.tcpwrap.it.servers.UndertowServer;
import dev.tcpwrap.it.servers.VertxServer;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The real servers of the framework matrix: how to start one (a server main with its program
 * arguments, JVM options and class path, or an executable jar), the kind of client that talks to
 * it, and the lines the server prints to name the accept set-up it really runs.
 *
 * <p>A server main's class path is the test classes plus the jars of some Maven groups taken from
 * this test JVM's class path, or plus the jars of a folder of {@code target/it-lib} (a framework
 * version that cannot share the test class path, such as Netty 4.1).
 *
 * <p>The servers on JDK accept paths are run by {@link FrameworkServersTest}; those that accept in
 * native code ({@link #nativeTransport()}: Netty's native transports, Tomcat's APR connector) by
 * {@link NativeTransportsTest}.
 */
enum Framework {
  /** Jetty 12, default connector: a blocking acceptor thread. */
  JETTY(
      server(JettyServer.class)
          .args("ACCEPTOR")
          .groups("org/eclipse/jetty/", "org/slf4j/")
          .reportsConnections()
          .setup("ACCEPTORS [1-9][0-9]*")),
  /** Jetty 12, {@code acceptors=0}: non-blocking accept in the selector. */
  JETTY_SELECTOR(
      server(JettyServer.class)
          .args("SELECTOR")
          .groups("org/eclipse/jetty/", "org/slf4j/")
          .reportsConnections()
          .setup("ACCEPTORS 0")),
  /** Tomcat 11, {@code Http11NioProtocol}. */
  TOMCAT_NIO(
      server(TomcatServer.class)
          .args("NIO")
          .groups("org/apache/tomcat/")
          .setup("PROTOCOL org\\.apache\\.coyote\\.http11\\.Http11NioProtocol")),
  /**
   * Tomcat 11, {@code Http11Nio2Protocol}: AsynchronousServerSocketChannel with a
   * CompletionHandler.
   */
  TOMCAT_NIO2(
      server(TomcatServer.class)
          .args("NIO2")
          .groups("org/apache/tomcat/")
          .setup("PROTOCOL org\\.apache\\.coyote\\.http11\\.Http11Nio2Protocol")),
  /** Netty 4.2, NIO transport. */
  NETTY_NIO(
      server(NettyServer.class)
          .groups("io/netty/")
          .reportsConnections()
          .setup("CHANNEL io\\.netty\\.channel\\.socket\\.nio\\.NioServerSocketChannel")),
  /** Undertow over XNIO NIO. */
  UNDERTOW(
      server(UndertowServer.class)
          .groups("io/undertow/", "org/jboss/", "org/wildfly/", "io/smallrye/")
          .setup("XNIO nio")),
  /**
   * The JDK's {@code com.sun.net.httpserver}: non-blocking accept in its dispatcher thread; no
   * dependency.
   */
  JDK_HTTPSERVER(
      server(JdkHttpServer.class).setup("HTTPSERVER sun\\.net\\.httpserver\\.HttpServerImpl")),
  /** An RMI registry with a JMX connector server on the same port. */
  RMI_JMX(
      server(JmxServer.class)
          .jvmArgs("-Dsun.rmi.transport.tcp.logLevel=BRIEF")
          .protocol(Protocol.RMI)
          .setup(
              "JMX service:jmx:rmi://127\\.0\\.0\\.1:(\\d+)/jndi/rmi://127\\.0\\.0\\.1:\\1/jmxrmi")),
  /**
   * The JDK's own management agent, as {@code -Dcom.sun.management.jmxremote.port} starts it with
   * the JVM: registry and connector on one port ({@value #FREE_PORT} is replaced by a free port at
   * each start).
   */
  JMX_MANAGEMENT_AGENT(
      server(JmxServer.class)
          .args("MANAGEMENT_AGENT")
          .jvmArgs(
              "-Dsun.rmi.transport.tcp.logLevel=BRIEF",
              "-Djava.rmi.server.hostname=127.0.0.1",
              "-Dcom.sun.management.jmxremote.port=" + Framework.FREE_PORT,
              "-Dcom.sun.management.jmxremote.rmi.port=" + Framework.FREE_PORT,
              "-Dcom.sun.management.jmxremote.authenticate=false",
              "-Dcom.sun.management.jmxremote.ssl=false")
          .protocol(Protocol.RMI)
          .setup("JMX management agent port (\\d+), RMI port \\1")),

  // Netty's native transports: accept in native code, outside the JDK socket classes

  /** Netty 4.2, native epoll transport (level-triggered). */
  NETTY_EPOLL(
      server(NettyServer.class)
          .args("EPOLL")
          .groups("io/netty/")
          .reportsConnections()
          .nativeTransport()
          .setup(
              "NETTY 4\\.2\\..*",
              "CHANNEL io\\.netty\\.channel\\.epoll\\.EpollServerSocketChannel")),
  /**
   * Netty 4.2, native io_uring transport, multishot accept (Netty's default where the kernel has
   * it).
   */
  NETTY_IO_URING(
      server(NettyServer.class)
          .args("IO_URING")
          .groups("io/netty/")
          .reportsConnections()
          .nativeTransport()
          .setup(
              "NETTY 4\\.2\\..*",
              "ACCEPT_MULTISHOT true",
              "CHANNEL io\\.netty\\.channel\\.uring\\.IoUringServerSocketChannel")),
  /** Netty 4.2, native io_uring transport, single-shot accept (multishot turned off). */
  NETTY_IO_URING_SINGLE_SHOT(
      server(NettyServer.class)
          .args("IO_URING")
          .jvmArgs("-Dio.netty.iouring.acceptMultiShotEnabled=false")
          .groups("io/netty/")
          .reportsConnections()
          .nativeTransport()
          .setup(
              "NETTY 4\\.2\\..*",
              "ACCEPT_MULTISHOT false",
              "CHANNEL io\\.netty\\.channel\\.uring\\.IoUringServerSocketChannel")),
  /** Netty 4.1, native epoll transport (edge-triggered), from {@code target/it-lib/netty41}. */
  NETTY41_EPOLL(
      server(Netty41Server.class)
          .lib("netty41")
          .reportsConnections()
          .nativeTransport()
          .setup(
              "NETTY 4\\.1\\..*",
              "CHANNEL io\\.netty\\.channel\\.epoll\\.EpollServerSocketChannel")),
  /** Netty 4.1 with the incubator's io_uring transport, from {@code target/it-lib/netty41}. */
  NETTY41_IO_URING_INCUBATOR(
      server(Netty41Server.class)
          .args("IO_URING_INCUBATOR")
          .lib("netty41")
          .reportsConnections()
          .nativeTransport()
          .setup(
              "NETTY 4\\.1\\..*",
              "CHANNEL io\\.netty\\.incubator\\.channel\\.uring\\.IOUringServerSocketChannel")),
  /** gRPC on {@code grpc-netty-shaded}: its relocated copy of Netty's native epoll, by default. */
  GRPC(
      server(GrpcServer.class)
          .groups("io/grpc/", "com/google/", "io/perfmark/", "org/codehaus/mojo/")
          .protocol(Protocol.GRPC)
          .reportsConnections()
          .nativeTransport()
          .setup(
              "CHANNEL io\\.grpc\\.netty\\.shaded\\.io\\.netty\\.channel\\.epoll"
                  + "\\.EpollServerSocketChannel")),
  /**
   * Tomcat 9's APR connector ({@code Http11AprProtocol}, removed in Tomcat 10.1): {@code
   * AprEndpoint} accepts in Debian's libtcnative; Tomcat 9 from {@code target/it-lib/tomcat9}.
   */
  TOMCAT9_APR(
      server(Tomcat9AprServer.class)
          .lib("tomcat9")
          // Temurin's default library path lacks Debian's multiarch directory; Java 25 warns about
          // a native library loaded without this option
          .jvmArgs(
              "-Djava.library.path=" + Framework.DEBIAN_LIBS, "--enable-native-access=ALL-UNNAMED")
          .needs(
              Path.of(Framework.DEBIAN_LIBS, "libtcnative-1.so"),
              "Debian's libtcnative-1 (scripts/test.sh installs it)")
          .nativeTransport()
          .setup(
              "TOMCAT 9\\.0\\..*",
              "PROTOCOL org\\.apache\\.coyote\\.http11\\.Http11AprProtocol",
              "APR true",
              "TCNATIVE 1\\..*")),
  /** Vert.x 5 HTTP server with {@code preferNativeTransport}: Netty's native epoll. */
  VERTX(
      server(VertxServer.class)
          .groups("io/vertx/", "io/netty/", "com/fasterxml/jackson/")
          .reportsConnections()
          .nativeTransport()
          .setup("NATIVE true", "CHANNEL io\\.netty\\.channel\\.epoll\\.EpollServerSocketChannel")),
  /**
   * A default Spring Boot WebFlux application, the real fat jar of {@code apps/webflux} started
   * with {@code java -jar}: Reactor Netty on Netty's native epoll.
   */
  WEBFLUX(
      jar("tcpwrap.it.webflux.jar", "apps/webflux")
          .reportsConnections()
          .nativeTransport()
          .setup("CHANNEL io\\.netty\\.channel\\.epoll\\.EpollServerSocketChannel"));

  /**
   * In the JVM options: a port free when the server is started, the same one throughout one start.
   */
  static final String FREE_PORT = "{FREE_PORT}";

  /** Where Debian installs native libraries such as libtcnative. */
  static final String DEBIAN_LIBS = "/usr/lib/x86_64-linux-gnu";

  /** How the tests talk to a server. */
  enum Protocol {
    /** HTTP/1.1 GET; the answer ends with {@code HELLO <client address>}. */
    HTTP,
    /** RMI/JMX: a JMX client and raw JRMP. */
    RMI,
    /** gRPC: a real unary call with gRPC's client; raw, the HTTP/2 connection preface. */
    GRPC
  }

  private final Spec spec;

  Framework(Spec spec) {
    this.spec = spec;
  }

  /**
   * @return a builder for the server's JVM on {@code jdk}: main class or jar, class path, JVM
   *     options and program arguments set; the agent arguments are the caller's
   */
  AgentProcess.Builder launcher(Jdk jdk) {
    for (var need : spec.needs.entrySet()) {
      if (!Files.exists(need.getKey())) {
        // a missing system library fails the test, as a missing JDK does: never a silent skip
        throw new IllegalStateException(
            name() + " needs " + need.getValue() + ": " + need.getKey() + " is missing");
      }
    }
    AgentProcess.Builder b =
        spec.jarProperty != null
            ? AgentProcess.jarBuilder(jdk, executableJar())
            : AgentProcess.builder(jdk, spec.main).classpath(classpath());
    return b.jvmArgs(jvmArgs()).args(spec.args.toArray(String[]::new));
  }

  /**
   * @return the stdout lines (patterns) by which the server names the accept set-up it really runs;
   *     each must match one line
   */
  List<Pattern> setup() {
    return spec.setup;
  }

  /**
   * @return the JVM options for one start, {@value #FREE_PORT} replaced by a port free now
   */
  String[] jvmArgs() {
    if (spec.jvmArgs.stream().noneMatch(a -> a.contains(FREE_PORT))) {
      return spec.jvmArgs.toArray(String[]::new);
    }
    String port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = Integer.toString(s.getLocalPort());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return spec.jvmArgs.stream().map(a -> a.replace(FREE_PORT, port)).toArray(String[]::new);
  }

  /**
   * @return how the tests talk to the server
   */
  Protocol protocol() {
    return spec.protocol;
  }

  /**
   * @return whether the framework prints {@code CONNECTION <address>} for each new connection
   */
  boolean reportsConnections() {
    return spec.reportsConnections;
  }

  /**
   * @return whether the server accepts in native code (Netty's native transports, Tomcat's APR
   *     connector)
   */
  boolean nativeTransport() {
    return spec.nativeTransport;
  }

  /**
   * @return the servers on JDK accept paths ({@code native} false) or those accepting in native
   *     code
   */
  static List<Framework> all(boolean nativeTransport) {
    return Stream.of(values()).filter(f -> f.nativeTransport() == nativeTransport).toList();
  }

  /**
   * @return the server main's class path after the test classes: the framework's jars from the test
   *     class path, in class path order, or those of its {@code target/it-lib} folder
   */
  Path[] classpath() {
    if (spec.lib != null) {
      Path dir = Path.of(System.getProperty("tcpwrap.it.lib", "target/it-lib"), spec.lib);
      try (Stream<Path> s = Files.list(dir)) {
        Path[] jars = s.filter(p -> p.toString().endsWith(".jar")).sorted().toArray(Path[]::new);
        if (jars.length == 0) {
          throw new IllegalStateException("no jar in " + dir);
        }
        return jars;
      } catch (IOException e) {
        throw new IllegalStateException(
            "no " + dir + " (made by mvn generate-test-resources -pl integration-tests)", e);
      }
    }
    Path[] jars =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(e -> e.endsWith(".jar"))
            .filter(
                e ->
                    spec.groups.stream()
                        .anyMatch(g -> e.replace(File.separatorChar, '/').contains("/" + g)))
            .map(Path::of)
            .filter(Files::isRegularFile)
            .toArray(Path[]::new);
    if (!spec.groups.isEmpty() && jars.length == 0) {
      throw new IllegalStateException(
          "no jar of "
              + spec.groups
              + " on the test class path: "
              + System.getProperty("java.class.path"));
    }
    return jars;
  }

  private Path executableJar() {
    String p = System.getProperty(spec.jarProperty);
    Path jar = p == null ? null : Path.of(p);
    if (jar == null || !Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "the executable jar of "
              + name()
              + " is missing ("
              + spec.jarProperty
              + "="
              + p
              + "); build it with mvn -B package -pl integration-tests/"
              + spec.jarModule);
    }
    return jar;
  }

  private static Spec server(Class<?> main) {
    return new Spec(main, null, null);
  }

  /**
   * @param property the system property naming the jar
   * @param module the Maven module under integration-tests that builds it
   */
  private static Spec jar(String property, String module) {
    return new Spec(null, property, module);
  }

  /** How one framework is started and talked to. */
  private static final class Spec {
    final Class<?> main;
    final String jarProperty;
    final String jarModule;
    final List<String> args = new ArrayList<>();
    final List<String> jvmArgs = new ArrayList<>();
    final List<String> groups = new ArrayList<>();
    String lib;
    Protocol protocol = Protocol.HTTP;
    boolean reportsConnections;
    boolean nativeTransport;
    List<Pattern> setup = List.of();
    final java.util.Map<Path, String> needs = new java.util.LinkedHashMap<>();

    Spec(Class<?> main, String jarProperty, String jarModule) {
      this.main = main;
      this.jarProperty = jarProperty;
      this.jarModule = jarModule;
    }

    Spec args(String... a) {
      args.addAll(List.of(a));
      return this;
    }

    Spec jvmArgs(String... a) {
      jvmArgs.addAll(List.of(a));
      return this;
    }

    /** Maven groups (as paths) whose jars from the test class path go on the class path. */
    Spec groups(String... g) {
      groups.addAll(List.of(g));
      return this;
    }

    /** A folder of {@code target/it-lib} whose jars are the class path instead. */
    Spec lib(String dir) {
      lib = dir;
      return this;
    }

    Spec protocol(Protocol p) {
      protocol = p;
      return this;
    }

    Spec reportsConnections() {
      reportsConnections = true;
      return this;
    }

    /** A file of the system (a native library) the server cannot run without, and what it is. */
    Spec needs(Path file, String what) {
      needs.put(file, what);
      return this;
    }

    Spec nativeTransport() {
      nativeTransport = true;
      return this;
    }

    Spec setup(String... regex) {
      setup = Stream.of(regex).map(Pattern::compile).toList();
      return this;
    }
  }
}
