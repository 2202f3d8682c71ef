package dev.tcpwrap.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpwrap.agent.bootstrap.AcceptGate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/** The nested bootstrap jar as the agent reads it to define its classes in the boot loader. */
class BootstrapJarTest {

  @Test
  void holdsEveryClassOfTheBootstrapPackage() throws Exception {
    Map<String, byte[]> classes = BootstrapJar.classes(BootstrapJar.bytes());
    assertThat(classes.keySet()).containsExactlyInAnyOrderElementsOf(compiledBootstrapClasses());
    assertThat(classes).containsKey(BootstrapJar.GATE);
    for (Map.Entry<String, byte[]> e : classes.entrySet()) {
      Path compiled = outputDir().resolve(e.getKey().replace('.', '/') + ".class");
      assertThat(e.getValue()).as(e.getKey()).isEqualTo(Files.readAllBytes(compiled));
    }
  }

  /**
   * BootDefiner defines the classes in the jar's order, which works only while no bootstrap class
   * extends or implements another one: the boot loader could not find that one by itself.
   */
  @Test
  void bootstrapClassesHaveOnlyJdkSupertypes() throws Exception {
    for (String name : BootstrapJar.classes(BootstrapJar.bytes()).keySet()) {
      Class<?> c = Class.forName(name, false, getClass().getClassLoader());
      List<Class<?>> supers = new ArrayList<>(List.of(c.getInterfaces()));
      if (c.getSuperclass() != null) {
        supers.add(c.getSuperclass());
      }
      assertThat(supers).as(name).allSatisfy(s -> assertThat(s.getName()).startsWith("java."));
    }
  }

  @Test
  void aJarWithoutTheGateIsRefused() throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (JarOutputStream j = new JarOutputStream(b)) {
      j.putNextEntry(new ZipEntry("dev/tcpwrap/agent/bootstrap/Other.class"));
      j.write(new byte[] {(byte) 0xCA, (byte) 0xFE});
    }
    assertThatThrownBy(() -> BootstrapJar.classes(b.toByteArray()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("holds no " + BootstrapJar.GATE);
  }

  private static Path outputDir() throws Exception {
    return Path.of(AcceptGate.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private static List<String> compiledBootstrapClasses() throws Exception {
    Path root = outputDir();
    try (Stream<Path> s = Files.list(root.resolve("dev/tcpwrap/agent/bootstrap"))) {
      return s.map(p -> root.relativize(p).toString())
          .filter(n -> n.endsWith(".class"))
          .map(n -> n.substring(0, n.length() - 6).replace('/', '.'))
          .toList();
    }
  }
}
