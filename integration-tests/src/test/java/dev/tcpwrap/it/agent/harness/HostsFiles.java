package dev.tcpwrap.it.agent.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A pair of rule files in a directory.
 *
 * @param allow hosts.allow
 * @param deny hosts.deny
 */
public record HostsFiles(Path allow, Path deny) {

  /** The rules most tests use: {@code 127.0.0.2} refused, everyone else allowed by default. */
  public static final String DENY_127_0_0_2 = "ALL: 127.0.0.2\n";

  /** Writes an empty hosts.allow and {@link #DENY_127_0_0_2} as hosts.deny into {@code dir}. */
  public static HostsFiles denying127002(Path dir) throws IOException {
    return write(dir, "", DENY_127_0_0_2);
  }

  /** Writes both files into {@code dir}. */
  public static HostsFiles write(Path dir, String allowText, String denyText) throws IOException {
    Path a = Files.writeString(dir.resolve("hosts.allow"), allowText);
    Path d = Files.writeString(dir.resolve("hosts.deny"), denyText);
    return new HostsFiles(a, d);
  }

  /**
   * @return the agent arguments naming these files
   */
  public String agentArgs() {
    return "allow=" + allow + ",deny=" + deny;
  }
}
