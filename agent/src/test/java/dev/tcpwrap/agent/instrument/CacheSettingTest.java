package dev.tcpwrap.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@code cache} setting, read before the configuration: its read-only form. */
class CacheSettingTest {

  @AfterEach
  void reset() {
    CacheSetting.configure(null);
  }

  @Test
  void aReadOnlyCacheNamesItsDirectory() {
    CacheSetting.configure("daemon=x,cache=readonly:/var/cache/tcpwrap");
    assertThat(CacheSetting.root()).isEqualTo(Path.of("/var/cache/tcpwrap"));
    assertThat(CacheSetting.readOnly()).isTrue();
  }

  @Test
  void aPlainDirectoryIsTheUsersOwnWritableCache() {
    CacheSetting.configure("cache=/var/cache/tcpwrap");
    assertThat(CacheSetting.root()).isEqualTo(Path.of("/var/cache/tcpwrap"));
    assertThat(CacheSetting.readOnly()).isFalse();
  }

  @Test
  void offAndAnEmptyReadOnlyDirectoryMeanNoCache() {
    CacheSetting.configure("cache=off");
    assertThat(CacheSetting.root()).isNull();
    CacheSetting.configure("cache=readonly:");
    assertThat(CacheSetting.root()).isNull();
  }
}
