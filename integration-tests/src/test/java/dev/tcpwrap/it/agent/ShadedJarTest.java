package dev.tcpwrap.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.it.agent.harness.AgentJar;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * The built {@code tcpwrap.jar}: nothing outside our packages, the right manifest, the nested
 * bootstrap jar.
 */
class ShadedJarTest {

  @Test
  void holdsNoClassOutsideOurPackages() throws IOException {
    List<String> foreign = new ArrayList<>();
    try (JarFile jar = new JarFile(AgentJar.path().toFile())) {
      for (ZipEntry e : Collections.list(jar.entries())) {
        String n = e.getName();
        String path =
            n.startsWith("META-INF/versions/") ? n.replaceFirst("^META-INF/versions/\\d+/", "") : n;
        boolean ours = path.startsWith("dev/tcpwrap/");
        boolean meta = n.startsWith("META-INF/") && !n.endsWith(".class");
        if (!ours && !meta && !e.isDirectory()) {
          foreign.add(n);
        }
      }
    }
    assertThat(foreign).as("entries outside dev/tcpwrap/ and META-INF/").isEmpty();
  }

  @Test
  void byteBuddyIsRelocatedIncludingItsMultiReleaseClasses() throws IOException {
    try (JarFile jar = new JarFile(AgentJar.path().toFile())) {
      List<String> names = Collections.list(jar.entries()).stream().map(ZipEntry::getName).toList();
      assertThat(names)
          .contains("dev/tcpwrap/shaded/net/bytebuddy/agent/builder/AgentBuilder.class");
      assertThat(names)
          .anyMatch(n -> n.startsWith("META-INF/versions/24/dev/tcpwrap/shaded/net/bytebuddy/"));
      assertThat(names)
          .noneMatch(
              n ->
                  n.contains("net/bytebuddy")
                      && !n.contains("dev/tcpwrap/shaded/")
                      && n.endsWith(".class"));
      assertThat(names).noneMatch(n -> n.endsWith("module-info.class"));
      assertThat(names)
          .as("bootstrap classes only in the nested jar")
          .noneMatch(n -> n.startsWith("dev/tcpwrap/agent/bootstrap/"));
    }
  }

  @Test
  void manifestDeclaresTheAgentAndTheTools() throws IOException {
    try (JarFile jar = new JarFile(AgentJar.path().toFile())) {
      Attributes a = jar.getManifest().getMainAttributes();
      assertThat(a.getValue("Premain-Class")).isEqualTo("dev.tcpwrap.agent.TcpWrapAgent");
      assertThat(a.getValue("Agent-Class")).isEqualTo("dev.tcpwrap.agent.TcpWrapAgent");
      assertThat(a.getValue("Can-Retransform-Classes")).isEqualTo("true");
      assertThat(a.getValue("Can-Redefine-Classes")).isEqualTo("true");
      assertThat(a.getValue("Multi-Release")).isEqualTo("true");
      assertThat(a.getValue("Main-Class")).isEqualTo("dev.tcpwrap.agent.cli.AgentMain");
    }
  }

  @Test
  void nestedBootstrapJarHoldsOnlyTheGate() throws IOException {
    List<String> classes = new ArrayList<>();
    try (JarFile jar = new JarFile(AgentJar.path().toFile())) {
      ZipEntry nested = jar.getEntry("dev/tcpwrap/agent/tcpwrap-bootstrap.jar.bin");
      assertThat(nested).isNotNull();
      byte[] bytes = jar.getInputStream(nested).readAllBytes();
      try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(bytes))) {
        for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
          if (e.getName().endsWith(".class")) {
            classes.add(e.getName());
          }
        }
      }
    }
    assertThat(classes)
        .isNotEmpty()
        .allMatch(n -> n.startsWith("dev/tcpwrap/agent/bootstrap/"))
        .contains("dev/tcpwrap/agent/bootstrap/AcceptGate.class");
  }
}
