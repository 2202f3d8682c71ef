package dev.tcpwrap.it.agent.harness;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the real, shaded {@code tcpwrap.jar} is: {@code -Dtcpwrap.agent.jar}, else ../agent/target.
 */
public final class AgentJar {

  private AgentJar() {}

  /**
   * @return the agent jar; fails if it has not been built
   */
  public static Path path() {
    Path jar =
        Path.of(System.getProperty("tcpwrap.agent.jar", "../agent/target/tcpwrap.jar"))
            .toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "agent jar not found at " + jar + "; run mvn -pl agent,integration-tests -am verify");
    }
    return jar.normalize();
  }
}
