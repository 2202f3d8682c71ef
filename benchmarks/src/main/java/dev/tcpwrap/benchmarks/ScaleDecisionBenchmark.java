package dev.tcpwrap.benchmarks;

import dev.tcpwrap.bench.scale.Blocklist;
import dev.tcpwrap.core.access.AccessControl;
import dev.tcpwrap.core.access.AddressVerdict;
import dev.tcpwrap.core.access.FileMatchEnvironment;
import dev.tcpwrap.core.access.Verdict;
import dev.tcpwrap.core.request.Request;
import dev.tcpwrap.core.resolve.HostResolver;
import dev.tcpwrap.core.rules.RuleTable;
import dev.tcpwrap.core.rules.RuleTableLoader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
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
 * Decision latency against issue 10's blocklist ({@link Blocklist}: hosts.deny of 1,000,000 lines,
 * 70 % {@code ALL: a.b.c.d}, 20 % {@code sshd: a.b.c.0/24}, 10 % {@code ALL: [2001:db8:…]}; an
 * empty hosts.allow), loaded as the agent loads it (compact form). One operation is what the agent
 * does for one accepted connection of {@code sshd}, as in {@link DecisionBenchmark#decide}.
 *
 * <p>Clients: a pool of 1,024, cycled; half are addresses the file bans (an {@code ALL} host, a
 * host inside an {@code sshd} /24, an IPv6 host), half from ranges no line covers ({@code
 * 198.18.0.0/15}, {@code 3fff::/20}), which are granted by default after the lookup misses. Setup
 * refuses to run when a sample of the pool gets another verdict from the linear scan.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ScaleDecisionBenchmark {

  @Param({"1000000"})
  public int rules;

  private AccessControl access;
  private InetSocketAddress[] clients;
  private InetSocketAddress server;

  /** The position in the client pool, per benchmark thread. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;
  }

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Path file = Blocklist.file(Path.of("benchmarks/results/scale").toAbsolutePath(), rules);
    RuleTable deny = RuleTableLoader.load(file, RuleTable.Role.DENY);
    RuleTable allow = RuleTableLoader.parse("hosts.allow", RuleTable.Role.ALLOW, new byte[0]);
    access = AccessControl.of(allow, deny, FileMatchEnvironment.system());
    access.prepare(DAEMON);
    server = new InetSocketAddress(InetAddress.getLoopbackAddress(), 22);
    List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
    SplittableRandom rnd = new SplittableRandom(7);
    clients = new InetSocketAddress[1024];
    for (int i = 0; i < clients.length; i++) {
      String addr;
      if (i % 2 == 0) {
        String line = lines.get(rnd.nextInt(lines.size()));
        String token = line.substring(line.indexOf(':') + 1).strip();
        if (token.startsWith("[")) {
          addr = token.substring(1, token.length() - 1);
        } else if (token.endsWith(".0/24")) {
          addr = token.substring(0, token.length() - 4) + (1 + rnd.nextInt(254));
        } else {
          addr = token;
        }
      } else if (i % 4 == 1) {
        addr =
            "198." + (18 + rnd.nextInt(2)) + "." + rnd.nextInt(256) + "." + (1 + rnd.nextInt(254));
      } else {
        addr =
            "3fff:"
                + Integer.toHexString(rnd.nextInt(0x1000))
                + "::"
                + Integer.toHexString(1 + rnd.nextInt(0xffff));
      }
      clients[i] = new InetSocketAddress(InetAddress.getByName(addr), 40000 + i);
    }
    guard(deny, allow);
  }

  /** A sample of the pool must get the linear scan's verdict (a wrong index is not measured). */
  private void guard(RuleTable deny, RuleTable allow) {
    AccessControl linear = AccessControl.linear(allow, deny, FileMatchEnvironment.system());
    int answered = 0;
    for (int i = 0; i < clients.length; i += 16) {
      Verdict expected = linear.decide(request(clients[i]));
      AddressVerdict quick = access.decideAddress(DAEMON, clients[i].getAddress());
      Verdict indexed = access.decide(request(clients[i]));
      String want = expected.granted() + " " + expected.ruleRef();
      if (!(indexed.granted() + " " + indexed.ruleRef()).equals(want)
          || quick != null && !(quick.granted() + " " + quick.ruleRef()).equals(want)) {
        throw new IllegalStateException(
            "index disagrees with the linear scan for " + clients[i] + ": linear " + want);
      }
      answered += quick != null ? 1 : 0;
    }
    System.out.println(
        "[guard] 64 clients agree with the linear scan; decideAddress answered " + answered);
  }

  private Request request(InetSocketAddress client) {
    return Request.forConnection(DAEMON, client, server, HostResolver.NONE);
  }

  static final String DAEMON = "sshd";

  /** What the agent does per connection: by address, else the ordinary way. */
  @Benchmark
  public Object decide(Cursor c) {
    InetSocketAddress client = clients[c.next++ & 1023];
    AddressVerdict quick = access.decideAddress(DAEMON, client.getAddress());
    return quick != null ? quick : access.decide(request(client));
  }

  /** Picks the next client and nothing else: the floor every sampled median includes. */
  @Benchmark
  public Object baseline(Cursor c) {
    return clients[c.next++ & 1023];
  }
}
