package dev.tcpwrap.it.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tcpwrap.it.agent.harness.AgentProcess;
import dev.tcpwrap.it.agent.harness.HostsFiles;
import dev.tcpwrap.it.agent.servers.JdkServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 1413 ident under the real agent: a fake identd on 127.0.0.2:113 (the client's host; binding
 * port 113 needs root), {@code user@host} patterns, {@code %u} and the {@code rfc931 N} option,
 * each bounded by its timeout.
 */
class IdentTest {

  @TempDir Path dir;

  /**
   * A fake identd on 127.0.0.2:113: answers {@code user}, or nothing at all while {@code user} is
   * null.
   */
  static final class FakeIdentd implements AutoCloseable {
    final ServerSocket socket;
    final Thread thread;
    volatile String user;
    final AtomicInteger queries = new AtomicInteger();

    FakeIdentd(String user) throws IOException {
      this.user = user;
      socket = new ServerSocket();
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 113));
      thread = new Thread(this::loop, "fake-identd");
      thread.setDaemon(true);
      thread.start();
    }

    private void loop() {
      while (!socket.isClosed()) {
        try {
          Socket s = socket.accept();
          queries.incrementAndGet();
          String u = user;
          if (u == null) {
            continue; // silent: hold the connection open, never answer (closed with the server
            // socket's GC)
          }
          try (s) {
            String q =
                new BufferedReader(
                        new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            s.getOutputStream()
                .write(
                    (q + " : USERID : UNIX : " + u + "\r\n").getBytes(StandardCharsets.US_ASCII));
          }
        } catch (IOException e) {
          // closed
        }
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
      // the JDK finishes closing a socket that another thread is blocked on only when that thread
      // has left
      // accept(): wait for it, so that the port refuses the next query at once
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static FakeIdentd identd(String user) {
    try {
      return new FakeIdentd(user);
    } catch (IOException e) {
      assumeTrue(false, "cannot bind 127.0.0.2:113 (needs root): " + e);
      return null;
    }
  }

  @Test
  void userPatternsAskTheClientsIdentd() throws Exception {
    HostsFiles files = HostsFiles.write(dir, "ALL: alice@127.0.0.2\n", "ALL: ALL\n");
    FakeIdentd identd = identd("alice");
    try (AgentProcess p =
        AgentProcess.builder(RuleOptionsTest.java17(), JdkServer.class)
            .agentArgs("daemon=identd-it,log-allowed=true,ident-timeout=2s," + files.agentArgs())
            .args("PLAIN")
            .start()) {
      assertThat(Client.exchange("127.0.0.2", p.port(), "PING\n")).isEqualTo("HELLO 127.0.0.2\n");
      p.awaitStderr(
          l -> l.endsWith("]: connect from alice@127.0.0.2 (127.0.0.2)"), Duration.ofSeconds(5));

      identd.user = "bob";
      assertThat(Client.exchange("127.0.0.2", p.port(), null)).isEmpty();
      p.awaitStderr(
          l -> l.endsWith("]: refused connect from bob@127.0.0.2 (127.0.0.2)"),
          Duration.ofSeconds(5));

      identd.user = null; // silent: the query waits for ident-timeout, then the user is unknown
      long t0 = System.nanoTime();
      assertThat(Client.exchange("127.0.0.2", p.port(), null)).isEmpty();
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(ms).as("refusal after the ident timeout").isBetween(1_800L, 4_500L);
      p.awaitStderr(
          l -> l.endsWith("]: refused connect from 127.0.0.2 (127.0.0.2)"), Duration.ofSeconds(5));

      identd.close(); // no identd: refused at once
      t0 = System.nanoTime();
      assertThat(Client.exchange("127.0.0.2", p.port(), null)).isEmpty();
      assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(1_500L);

      // no rule needs the user of 127.0.0.1: no query, no wait
      assertThat(Client.exchange("127.0.0.1", p.port(), "PING\n")).isEmpty(); // hosts.deny ALL: ALL
      assertThat(identd.queries.get()).isEqualTo(3);
    } finally {
      identd.close();
    }
  }

  @Test
  void rfc931OptionUsesItsOwnTimeout() throws Exception {
    Path out = dir.resolve("user.txt");
    HostsFiles files =
        HostsFiles.write(dir, "", "ALL: 127.0.0.2: rfc931 1: spawn echo %u > " + out + "\n");
    FakeIdentd identd = identd("alice");
    try (AgentProcess p =
        AgentProcess.builder(RuleOptionsTest.java17(), JdkServer.class)
            .agentArgs("daemon=identd-it,ident-timeout=8s," + files.agentArgs())
            .args("PLAIN")
            .start()) {
      assertThat(Client.exchange("127.0.0.2", p.port(), null)).isEmpty();
      assertThat(Client.awaitFile(out, c -> c.endsWith("\n"), Duration.ofSeconds(5)))
          .isEqualTo("alice\n");
      p.awaitStderr(
          l -> l.endsWith("]: refused connect from alice@127.0.0.2 (127.0.0.2)"),
          Duration.ofSeconds(5));

      java.nio.file.Files.delete(out);
      identd.user = null;
      long t0 = System.nanoTime();
      assertThat(Client.exchange("127.0.0.2", p.port(), null)).isEmpty();
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(ms)
          .as("refusal after rfc931's 1 s, not ident-timeout's 8 s")
          .isBetween(800L, 3_000L);
      assertThat(Client.awaitFile(out, c -> c.endsWith("\n"), Duration.ofSeconds(5)))
          .isEqualTo("unknown\n");
    } finally {
      identd.close();
    }
  }
}
