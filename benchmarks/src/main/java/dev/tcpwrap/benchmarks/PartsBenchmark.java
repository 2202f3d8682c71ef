package dev.tcpwrap.benchmarks;

import dev.tcpwrap.core.match.NetMask;
import dev.tcpwrap.core.net.Inet4;
import dev.tcpwrap.core.net.Inet6;
import dev.tcpwrap.core.request.Endpoint;
import dev.tcpwrap.core.resolve.HostResolver;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The pieces a decision is made of, for explaining {@link DecisionBenchmark}'s figures (not a
 * target of their own): building a socket endpoint (address text), the index's address parse and
 * canonical-form check, and the re-parse an address pattern does for every candidate rule it is
 * tried on.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PartsBenchmark {

  private InetSocketAddress[] v4;
  private InetSocketAddress[] v6;
  private String[] v4Text;
  private String[] v6Text;
  private final NetMask v6Net = NetMask.of("[2001:db8::]", "32");
  private final NetMask v4Net = NetMask.of("10.0.0.0", "8");
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    v4 = Workload.of(10, "ipv4").clients;
    v6 = Workload.of(10, "ipv6").clients;
    v4Text = new String[Workload.POOL];
    v6Text = new String[Workload.POOL];
    for (int i = 0; i < Workload.POOL; i++) {
      v4Text[i] = Endpoint.ofSocket(v4[i], HostResolver.NONE).address();
      v6Text[i] = Endpoint.ofSocket(v6[i], HostResolver.NONE).address();
    }
  }

  private int next() {
    return next++ & (Workload.POOL - 1);
  }

  /** {@code Endpoint.ofSocket}: {@code InetAddress.getAddress()} copy and dotted-quad text. */
  @Benchmark
  public Endpoint endpointV4() {
    return Endpoint.ofSocket(v4[next()], HostResolver.NONE);
  }

  /** {@code Endpoint.ofSocket}: copy and glibc-style IPv6 text. */
  @Benchmark
  public Endpoint endpointV6() {
    return Endpoint.ofSocket(v6[next()], HostResolver.NONE);
  }

  /** The index's IPv4 parse of the client text. */
  @Benchmark
  public long indexParseV4() {
    String t = v4Text[next()];
    return Inet4.ptonStrict(t, 0, t.length());
  }

  /**
   * The index's IPv6 parse and canonical-form check ({@code pton}, {@code format}, compare) per
   * request.
   */
  @Benchmark
  public boolean indexParseV6() {
    String t = v6Text[next()];
    byte[] b = Inet6.pton(t);
    return b != null && Inet6.format(b).equalsIgnoreCase(t);
  }

  /**
   * What a {@code [v6]/len} candidate costs: the client text parsed again ({@code
   * NetMask.matches}).
   */
  @Benchmark
  public boolean netMaskMatchV6() {
    return v6Net.matches(v6Text[next()]);
  }

  /** What an IPv4 {@code net/mask} candidate costs. */
  @Benchmark
  public boolean netMaskMatchV4() {
    return v4Net.matches(v4Text[next()]);
  }
}
