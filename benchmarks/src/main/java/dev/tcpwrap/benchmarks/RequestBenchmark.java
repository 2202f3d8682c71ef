package dev.tcpwrap.benchmarks;

import dev.tcpwrap.core.request.Request;
import dev.tcpwrap.core.resolve.HostResolver;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The part of {@link DecisionBenchmark}'s operation that is not the decision: building the {@link
 * Request} (client and server endpoints, address text) for the next client of the same pool.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RequestBenchmark {

  @Param({"ipv4", "ipv6", "mixed"})
  public String family;

  private InetSocketAddress[] clients;
  private InetSocketAddress server;

  @State(Scope.Thread)
  public static class Cursor {
    int next;
  }

  @Setup(Level.Trial)
  public void setUp() {
    Workload w = Workload.of(10, family);
    clients = w.clients;
    server = w.server;
  }

  @Benchmark
  public Request build(Cursor cursor) {
    InetSocketAddress client = clients[cursor.next++ & (Workload.POOL - 1)];
    return Request.forConnection(Workload.DAEMON, client, server, HostResolver.NONE);
  }
}
