package dev.tcpwrap.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DaemonNameTest {

  @Test
  void derivesFromJarOrClass() {
    assertThat(DaemonName.derive("/opt/app/shop.jar --port 80")).isEqualTo("shop");
    assertThat(DaemonName.derive("/opt/my app/shop-1.2.jar")).isEqualTo("shop-1.2");
    assertThat(DaemonName.derive("com.example.jarvis.Server a b")).isEqualTo("Server");
    assertThat(DaemonName.derive("mod.x/com.example.Server")).isEqualTo("Server");
    assertThat(DaemonName.derive("Main")).isEqualTo("Main");
    assertThat(DaemonName.derive(null)).isEqualTo("java");
    assertThat(DaemonName.derive("  ")).isEqualTo("java");
  }
}
