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
 * Real servers on the JDK's accept paths (Jetty 12, Tomcat 11 NIO and NIO2, Netty 4.2 NIO,
 * Undertow, the JDK's HttpServer, an RMI registry with JMX, the JDK's own JMX management agent) in
 * a forked JVM under the real agent jar, on every configured JDK: the whole {@link FrameworkCheck}
 * (served; refused with no byte; 1,000 refusals leave descriptors flat and the server serving; one
 * log line per refusal; the application never sees 127.0.0.2), and its no-agent control. The
 * servers on Netty's native transports are in {@link NativeTransportsTest}.
 */
class FrameworkServersTest {

  @TempDir Path dir;

  static Stream<Arguments> scenarios() {
    return Jdk.withEach(frameworks());
  }

  static List<Framework> frameworks() {
    return Framework.all(false);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("scenarios")
  void refusedClientNeverReachesTheServer(Jdk jdk, Framework fw) throws Exception {
    FrameworkCheck.refusedClientNeverReachesTheServer(jdk, fw, dir);
  }

  /**
   * The control: without the agent, on the first configured JDK, the very probe the refusal tests
   * send from 127.0.0.2 is answered and the application sees 127.0.0.2, so "no byte" above means
   * refused.
   */
  @ParameterizedTest(name = "{0} without agent")
  @MethodSource("frameworks")
  void withoutTheAgentTheRefusedProbeIsServed(Framework fw) throws Exception {
    FrameworkCheck.withoutAgent(fw);
  }
}
