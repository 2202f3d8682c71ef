package dev.tcpwrap.it.frameworks;

import dev.tcpwrap.it.agent.harness.Jdk;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Servers that accept in native code, through Netty's native transports (each with its default
 * transport) or Tomcat 9's APR connector, in a forked JVM under the real agent jar on every
 * configured JDK (issue 9):
 *
 * <ul>
 *   <li>plain Netty 4.2 on epoll, and on io_uring with multishot accept (the default) and with
 *       single-shot accept;
 *   <li>Netty 4.1 on epoll (edge-triggered), on its own class path;
 *   <li>a gRPC server on {@code grpc-netty-shaded}: gRPC's relocated copy of Netty's epoll;
 *   <li>a Vert.x 5 HTTP server with {@code preferNativeTransport};
 *   <li>a default Spring Boot WebFlux application, as a real fat jar started with {@code java -jar}
 *       (Reactor Netty on epoll);
 *   <li>embedded Tomcat 9 with {@code Http11AprProtocol} on Debian's libtcnative, on its own class
 *       path.
 * </ul>
 *
 * Each server names the server channel class or protocol it really runs, and the check asserts it
 * is the native one; a server whose native transport is not available here does not start, and the
 * test fails with the reason (no silent fallback to NIO, no skip). Then the whole {@link
 * FrameworkCheck} (served; refused with no byte; 1,000 refusals leave descriptors flat and the next
 * allowed client is served; no exception or error line from the framework; one log line per
 * refusal; the application never sees 127.0.0.2), and the no-agent control: the same probe from
 * 127.0.0.2 is served without the agent.
 */
class NativeTransportsTest {

  @TempDir Path dir;

  static List<Framework> frameworks() {
    return Framework.all(true);
  }

  static Stream<Arguments> scenarios() {
    return Jdk.withEach(frameworks());
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("scenarios")
  void refusedClientNeverReachesTheServer(Jdk jdk, Framework fw) throws Exception {
    FrameworkCheck.refusedClientNeverReachesTheServer(jdk, fw, dir);
  }

  /**
   * The control: without the agent the very probe the refusal check sends from 127.0.0.2 is
   * answered, and the application sees 127.0.0.2 (for gRPC also a real call from 127.0.0.2), on the
   * same native transport.
   */
  @ParameterizedTest(name = "{0} without agent")
  @MethodSource("frameworks")
  void withoutTheAgentTheRefusedProbeIsServed(Framework fw) throws Exception {
    FrameworkCheck.withoutAgent(fw);
  }
}
