package dev.tcpwrap.core.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ExpiringCacheTest {

  private final AtomicLong now = new AtomicLong(1_000);

  @Test
  void entriesExpireAfterTheirOwnLifetime() {
    ExpiringCache<String, String> c = new ExpiringCache<>(10, now::get);
    c.put("short", "s", 10);
    c.put("long", "l", 100);
    now.addAndGet(9);
    assertThat(c.get("short")).isEqualTo("s");
    now.addAndGet(1);
    assertThat(c.get("short")).isNull();
    assertThat(c.get("long")).isEqualTo("l");
    now.addAndGet(90);
    assertThat(c.get("long")).isNull();
    assertThat(c.size()).isZero();
  }

  @Test
  void leastRecentlyUsedEntryGoesFirst() {
    ExpiringCache<String, String> c = new ExpiringCache<>(2, now::get);
    c.put("a", "A", 100);
    c.put("b", "B", 100);
    assertThat(c.get("a")).isEqualTo("A");
    c.put("c", "C", 100);
    assertThat(c.get("b")).isNull();
    assertThat(c.get("a")).isEqualTo("A");
    assertThat(c.get("c")).isEqualTo("C");
  }

  @Test
  void zeroSizeOrLifetimeStoresNothing() {
    ExpiringCache<String, String> none = new ExpiringCache<>(0, now::get);
    none.put("a", "A", 100);
    assertThat(none.get("a")).isNull();
    ExpiringCache<String, String> c = new ExpiringCache<>(5, now::get);
    c.put("a", "A", 0);
    assertThat(c.get("a")).isNull();
    assertThatThrownBy(() -> new ExpiringCache<String, String>(-1, now::get))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void clockWrapAroundIsHandled() {
    now.set(Long.MAX_VALUE - 5);
    ExpiringCache<String, String> c = new ExpiringCache<>(5, now::get);
    c.put("a", "A", 10);
    now.addAndGet(9);
    assertThat(c.get("a")).isEqualTo("A");
    now.addAndGet(1);
    assertThat(c.get("a")).isNull();
  }
}
