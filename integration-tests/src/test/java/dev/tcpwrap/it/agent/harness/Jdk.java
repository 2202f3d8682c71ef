package dev.tcpwrap.it.agent.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * A JDK to fork test JVMs with. The list comes from the system property {@code tcpwrap.it.jdks}
 * (comma-separated JDK homes), by default the Java 17 and Temurin 25 of the build machine.
 *
 * @param home the JDK home
 * @param feature the feature version (17, 25, ...), or 0 if the home does not exist
 */
public record Jdk(Path home, int feature) {

  /** The {@code @MethodSource} of a test that runs once on each configured JDK. */
  public static final String ALL = "dev.tcpwrap.it.agent.harness.Jdk#all";

  /** The default JDK list. */
  public static final String DEFAULT_HOMES =
      "/usr/lib/jvm/java-17-openjdk-amd64,/usr/lib/jvm/temurin-25-jdk-amd64";

  /**
   * @return the configured JDKs (missing homes included; tests skip them)
   */
  public static List<Jdk> all() {
    List<Jdk> jdks = new ArrayList<>();
    for (String h : System.getProperty("tcpwrap.it.jdks", DEFAULT_HOMES).split(",")) {
      if (!h.isBlank()) {
        jdks.add(of(Path.of(h.trim())));
      }
    }
    return jdks;
  }

  /**
   * @return the arguments of a test that runs on each configured JDK with each of {@code others}
   *     (the JDK first)
   */
  public static Stream<Arguments> withEach(List<?> others) {
    return all().stream().flatMap(jdk -> others.stream().map(o -> Arguments.of(jdk, o)));
  }

  /**
   * @return the JDK at a home, with its feature version read from the {@code release} file
   */
  public static Jdk of(Path home) {
    Pattern p = Pattern.compile("JAVA_VERSION=\"(\\d+)");
    try {
      Matcher m = p.matcher(Files.readString(home.resolve("release")));
      return new Jdk(home, m.find() ? Integer.parseInt(m.group(1)) : 0);
    } catch (IOException e) {
      return new Jdk(home, 0);
    }
  }

  /**
   * @return whether the JDK is installed
   */
  public boolean exists() {
    return feature > 0 && Files.isExecutable(java());
  }

  /**
   * @return the java launcher
   */
  public Path java() {
    return home.resolve("bin/java");
  }

  /**
   * @return the keytool
   */
  public Path keytool() {
    return home.resolve("bin/keytool");
  }

  @Override
  public String toString() {
    return "java" + feature;
  }
}
