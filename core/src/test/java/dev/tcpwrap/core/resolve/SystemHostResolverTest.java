package dev.tcpwrap.core.resolve;

import static dev.tcpwrap.core.resolve.FakeNameService.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SystemHostResolverTest {

  private final FakeNameService dns = new FakeNameService();
  private final AtomicLong clock = new AtomicLong();

  private SystemHostResolver.Builder builder() {
    return SystemHostResolver.builder().nameService(dns).clock(clock::get);
  }

  @Test
  void aSlowNameServerCannotStallTheCallerLongerThanTheBound() {
    dns.host("192.0.2.1", "slow.example.com");
    dns.onReverse = () -> FakeNameService.sleep(5_000);
    SystemHostResolver r = builder().timeout(Duration.ofMillis(300)).build();
    long start = System.nanoTime();
    HostName h = r.nameOf(ip("192.0.2.1"));
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(h).isEqualTo(HostName.UNKNOWN);
    assertThat(tookMs).isGreaterThanOrEqualTo(250).isLessThan(3_000);
  }

  /**
   * A DNS server that never answers (a real UDP server that stays silent): after three callers in a
   * row waited their whole time-out, new addresses get {@code unknown} without a query and without
   * waiting, told once; after the back-off lookups are tried again, and the first answer ends it,
   * told once.
   */
  @Test
  void aDeadNameServerIsNotWaitedForAfterThreeTimeOuts() throws Exception {
    try (FakeDnsServer server = new FakeDnsServer().silent()) {
      List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
      SystemHostResolver r =
          SystemHostResolver.builder()
              .nameService(new DnsNameService(server.url(), Duration.ofMillis(500), 1))
              .timeout(Duration.ofMillis(100))
              .backoff(3, Duration.ofSeconds(30))
              .clock(clock::get)
              .log(log::add)
              .build();
      for (int i = 1; i <= 10; i++) {
        assertThat(r.nameOf(ip("192.0.2." + (100 + i)))).isEqualTo(HostName.UNKNOWN);
      }
      assertThat(server.queries).as("only the first three addresses were asked about").hasValue(3);
      assertThat(log).hasSize(1);
      assertThat(log.get(0)).contains("did not answer 3 lookups in a row");

      clock.addAndGet(Duration.ofSeconds(31).toNanos());
      server.answering().ptr("120.2.0.192.in-addr.arpa", "back.example.com");
      server.a("back.example.com", "192.0.2.120");
      assertThat(r.nameOf(ip("192.0.2.120"))).isEqualTo(HostName.known("back.example.com"));
      assertThat(log).hasSize(2);
      assertThat(log.get(1)).contains("answers again");
    }
  }

  @Test
  void aLateAnswerIsCachedForTheNextCaller() throws InterruptedException {
    dns.host("192.0.2.2", "late.example.com");
    dns.onReverse = () -> FakeNameService.sleep(300);
    SystemHostResolver r = builder().timeout(Duration.ofMillis(20)).build();
    assertThat(r.nameOf(ip("192.0.2.2"))).isEqualTo(HostName.UNKNOWN);
    awaitIdle(r);
    assertThat(r.nameOf(ip("192.0.2.2"))).isEqualTo(HostName.known("late.example.com"));
    assertThat(dns.reverseCalls).hasValue(1);
  }

  @Test
  void repeatedLookupsHitTheCache() {
    dns.host("192.0.2.3", "cached.example.com");
    SystemHostResolver r = builder().build();
    for (int i = 0; i < 5; i++) {
      assertThat(r.nameOf(ip("192.0.2.3"))).isEqualTo(HostName.known("cached.example.com"));
    }
    assertThat(dns.reverseCalls).hasValue(1);
    assertThat(dns.forwardCalls).hasValue(1);
  }

  @Test
  void negativeAnswersAreCachedForTheShorterTime() {
    dns.host("192.0.2.4", "good.example.com")
        .ptr("192.0.2.5", "alias.example.com")
        .forward("alias.example.com", "canon.example.com", "192.0.2.5");
    SystemHostResolver r =
        builder().positiveTtl(Duration.ofSeconds(60)).negativeTtl(Duration.ofSeconds(10)).build();
    InetAddress good = ip("192.0.2.4");
    InetAddress alias = ip("192.0.2.5");
    InetAddress none = ip("192.0.2.6");
    assertThat(r.nameOf(good).name()).isEqualTo("good.example.com");
    assertThat(r.nameOf(alias).warning())
        .isEqualTo("host name/name mismatch: alias.example.com != canon.example.com");
    assertThat(r.nameOf(none)).isEqualTo(HostName.UNKNOWN);
    assertThat(dns.reverseCalls).hasValue(3);
    clock.addAndGet(Duration.ofSeconds(9).toNanos());
    r.nameOf(good);
    assertThat(r.nameOf(alias).warning()).as("a cached paranoid keeps its warning").isNotNull();
    r.nameOf(none);
    assertThat(dns.reverseCalls).hasValue(3);
    clock.addAndGet(Duration.ofSeconds(2).toNanos());
    r.nameOf(good);
    r.nameOf(alias);
    r.nameOf(none);
    assertThat(dns.reverseCalls).hasValue(5);
    clock.addAndGet(Duration.ofSeconds(50).toNanos());
    r.nameOf(good);
    assertThat(dns.reverseCalls).hasValue(6);
  }

  @Test
  void cacheSizeIsBounded() {
    dns.host("192.0.2.7", "a.example.com")
        .host("192.0.2.8", "b.example.com")
        .host("192.0.2.9", "c.example.com");
    SystemHostResolver r = builder().maxEntries(2).build();
    r.nameOf(ip("192.0.2.7"));
    r.nameOf(ip("192.0.2.8"));
    r.nameOf(ip("192.0.2.9"));
    assertThat(dns.reverseCalls).hasValue(3);
    r.nameOf(ip("192.0.2.9"));
    assertThat(dns.reverseCalls).hasValue(3);
    r.nameOf(ip("192.0.2.7"));
    assertThat(dns.reverseCalls).hasValue(4);
  }

  @Test
  void zeroTtlDisablesCaching() {
    dns.host("192.0.2.10", "x.example.com");
    SystemHostResolver r = builder().positiveTtl(Duration.ZERO).build();
    r.nameOf(ip("192.0.2.10"));
    r.nameOf(ip("192.0.2.10"));
    assertThat(dns.reverseCalls).hasValue(2);
  }

  @Test
  void concurrentRequestsShareOneLookup() throws Exception {
    dns.host("192.0.2.11", "shared.example.com");
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    dns.onReverse =
        () -> {
          entered.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    SystemHostResolver r = builder().timeout(Duration.ofSeconds(10)).build();
    ExecutorService callers = Executors.newFixedThreadPool(8);
    try {
      List<Future<HostName>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(callers.submit(() -> r.nameOf(ip("192.0.2.11"))));
      }
      assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
      Thread.sleep(200);
      assertThat(r.pending()).isEqualTo(1);
      release.countDown();
      for (Future<HostName> f : results) {
        assertThat(f.get(5, TimeUnit.SECONDS)).isEqualTo(HostName.known("shared.example.com"));
      }
    } finally {
      callers.shutdownNow();
    }
    assertThat(dns.reverseCalls).hasValue(1);
    assertThat(r.pending()).isZero();
  }

  @Test
  void tooManyLookupsInFlightAreUnknownAtOnce() throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    dns.host("192.0.2.12", "a.example.com").host("192.0.2.13", "b.example.com");
    dns.onReverse =
        () -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    SystemHostResolver r = builder().maxPending(1).timeout(Duration.ofSeconds(1)).build();
    assertThat(r.nameOf(ip("192.0.2.12"))).isEqualTo(HostName.UNKNOWN);
    long start = System.nanoTime();
    assertThat(r.nameOf(ip("192.0.2.13"))).isEqualTo(HostName.UNKNOWN);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(500);
    assertThat(dns.reverseAddresses).doesNotContain(ip("192.0.2.13"));
    release.countDown();
    awaitIdle(r);
    assertThat(r.nameOf(ip("192.0.2.12"))).isEqualTo(HostName.known("a.example.com"));
    assertThat(r.nameOf(ip("192.0.2.13"))).isEqualTo(HostName.known("b.example.com"));
  }

  @Test
  void zeroTimeoutAnswersFromTheCacheOnly() throws InterruptedException {
    dns.host("192.0.2.14", "bg.example.com");
    SystemHostResolver r = builder().timeout(Duration.ZERO).build();
    HostName first = r.nameOf(ip("192.0.2.14"));
    awaitIdle(r);
    assertThat(first == HostName.UNKNOWN || first.equals(HostName.known("bg.example.com")))
        .isTrue();
    assertThat(r.nameOf(ip("192.0.2.14"))).isEqualTo(HostName.known("bg.example.com"));
  }

  @Test
  void neverThrows() {
    NameService broken =
        new NameService() {
          @Override
          public List<String> reverse(InetAddress address) {
            throw new IllegalStateException("broken");
          }

          @Override
          public Optional<Forward> forward(String name, AddressFamily family) {
            throw new IllegalStateException("broken");
          }
        };
    SystemHostResolver r = SystemHostResolver.builder().nameService(broken).build();
    assertThat(r.nameOf(ip("192.0.2.15"))).isEqualTo(HostName.UNKNOWN);
    assertThat(r.nameOf(null)).isEqualTo(HostName.UNKNOWN);
  }

  @Test
  void anInterruptedCallerGetsUnknownAndKeepsItsInterrupt() {
    dns.host("192.0.2.16", "i.example.com");
    dns.onReverse = () -> FakeNameService.sleep(2_000);
    SystemHostResolver r = builder().timeout(Duration.ofSeconds(5)).build();
    Thread.currentThread().interrupt();
    try {
      assertThat(r.nameOf(ip("192.0.2.16"))).isEqualTo(HostName.UNKNOWN);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void ipv4MappedAndIpv4ShareOneEntry() throws Exception {
    dns.host("192.0.2.17", "m.example.com");
    SystemHostResolver r = builder().build();
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    System.arraycopy(ip("192.0.2.17").getAddress(), 0, mapped, 12, 4);
    assertThat(r.nameOf(Inet6Address.getByAddress(null, mapped, -1)))
        .isEqualTo(HostName.known("m.example.com"));
    assertThat(r.nameOf(ip("192.0.2.17"))).isEqualTo(HostName.known("m.example.com"));
    assertThat(dns.reverseCalls).hasValue(1);
  }

  @Test
  void constructorAndBuilderValidate() {
    SystemHostResolver r =
        new SystemHostResolver(
            Duration.ofSeconds(1),
            Duration.ofSeconds(5),
            Duration.ofSeconds(1),
            10,
            dns.host("192.0.2.18", "ctor.example.com"));
    assertThat(r.nameOf(ip("192.0.2.18"))).isEqualTo(HostName.known("ctor.example.com"));
    assertThatThrownBy(() -> SystemHostResolver.builder().timeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SystemHostResolver.builder().maxEntries(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SystemHostResolver.builder().threads(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void defaultsIsOneSharedInstance() {
    assertThat(SystemHostResolver.defaults()).isSameAs(SystemHostResolver.defaults());
  }

  private static void awaitIdle(SystemHostResolver r) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (r.pending() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(r.pending()).isZero();
  }
}
