package dev.tcpwrap.core.action;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** twist with real loopback sockets and real /bin/sh children. */
class TwistSessionTest {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private final List<String> reports = Collections.synchronizedList(new ArrayList<>());
  private final List<AutoCloseable> closing = new ArrayList<>();
  private CommandRunner runner = new CommandRunner(CommandLimits.DEFAULTS, reports::add);

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
    runner.close();
    Await.until(Duration.ofSeconds(10), () -> runner.stats().running() == 0);
  }

  /** A connected pair: [0] the client's socket, [1] the accepted one. */
  private Socket[] pair() throws IOException {
    try (ServerSocket server = new ServerSocket(0, 50, LOOPBACK)) {
      Socket client = new Socket(LOOPBACK, server.getLocalPort());
      Socket accepted = server.accept();
      closing.add(client);
      closing.add(accepted);
      client.setSoTimeout(10_000);
      return new Socket[] {client, accepted};
    }
  }

  /** Everything the client receives until the connection is closed. */
  private static String readAll(Socket client) throws IOException {
    return new String(client.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      b.write(c);
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  @Test
  void theClientGetsTheCommandsOutputAndThenTheConnectionIsClosed() throws Exception {
    Socket[] p = pair();
    assertThat(runner.twist("echo 421 go away; echo on stderr >&2", ClientConnection.of(p[1])))
        .isTrue();

    assertThat(readAll(p[0])).isEqualTo("421 go away\non stderr\n");
    assertThat(Await.until(Duration.ofSeconds(10), () -> p[1].isClosed())).isTrue();
    assertThat(Await.until(Duration.ofSeconds(10), () -> runner.stats().running() == 0)).isTrue();
    assertThat(runner.stats().twisted()).isEqualTo(1);
  }

  @Test
  void theClientTalksToTheCommandAndItsHalfCloseEndsTheCommandsInput() throws Exception {
    Socket[] p = pair();
    assertThat(runner.twist("cat; echo bye", ClientConnection.of(p[1]))).isTrue();
    OutputStream out = p[0].getOutputStream();
    InputStream in = p[0].getInputStream();

    out.write("ping\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    assertThat(readLine(in)).isEqualTo("ping");
    out.write("pong\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    assertThat(readLine(in)).isEqualTo("pong");

    p[0].shutdownOutput(); // cat sees end of file, the command goes on and ends
    assertThat(readAll(p[0])).isEqualTo("bye\n");
    assertThat(Await.until(Duration.ofSeconds(10), () -> runner.stats().running() == 0)).isTrue();
  }

  @Test
  void outputBeforeAnyInputIsNotHeldBackByAWaitingRead() throws Exception {
    Socket[] p = pair();
    assertThat(runner.twist("echo hello; read x; echo got $x", ClientConnection.of(p[1]))).isTrue();
    InputStream in = p[0].getInputStream();
    assertThat(readLine(in)).isEqualTo("hello");
    p[0].getOutputStream().write("it\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(readAll(p[0])).isEqualTo("got it\n");
  }

  @Test
  void aClientThatIsGoneEndsTheCommand() throws Exception {
    Socket[] p = pair();
    assertThat(runner.twist("sleep 30", ClientConnection.of(p[1]))).isTrue();
    assertThat(Await.until(Duration.ofSeconds(10), () -> runner.stats().twisted() == 1)).isTrue();
    p[0].setSoLinger(true, 0);
    p[0].close(); // a reset: the accepted socket's read fails

    assertThat(Await.until(Duration.ofSeconds(10), () -> runner.stats().running() == 0)).isTrue();
    assertThat(p[1].isClosed()).isTrue();
  }

  @Test
  void overTheBoundTheClientIsJustClosedAndCounted() throws Exception {
    runner.close();
    runner =
        new CommandRunner(
            new CommandLimits(1, 100, Duration.ofMillis(200), Duration.ofMinutes(1)), reports::add);
    Socket[] first = pair();
    Socket[] second = pair();
    assertThat(runner.twist("echo first; sleep 2", ClientConnection.of(first[1]))).isTrue();

    assertThat(runner.twist("echo second", ClientConnection.of(second[1]))).isFalse();
    assertThat(second[1].isClosed()).isTrue();
    assertThat(readAll(second[0])).isEmpty();
    assertThat(runner.stats().twistDropped()).isEqualTo(1);
    assertThat(runner.spawn("true")).isFalse(); // the same slots as spawn

    assertThat(readLine(first[0].getInputStream())).isEqualTo("first");
    assertThat(Await.until(Duration.ofSeconds(5), () -> reports.size() == 2)).isTrue();
    assertThat(reports)
        .containsExactlyInAnyOrder(
            "twist: 1 connection closed without running the command in the last 0.2 s"
                + " (limits: 1 running, 100 starts/s)",
            "spawn: 1 command dropped in the last 0.2 s (limits: 1 running, 100 starts/s)");
  }

  @Test
  void aBackgroundChildHoldingTheOutputDoesNotKeepTheClient() throws Exception {
    Socket[] p = pair();
    long start = System.nanoTime();
    assertThat(runner.twist("echo started; sleep 20 &", ClientConnection.of(p[1]))).isTrue();
    assertThat(readAll(p[0])).isEqualTo("started\n");
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(15);
  }

  @Test
  void socketChannelsWork() throws Exception {
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(LOOPBACK, 0));
      Socket client =
          new Socket(LOOPBACK, ((InetSocketAddress) server.getLocalAddress()).getPort());
      closing.add(client);
      client.setSoTimeout(10_000);
      SocketChannel accepted = server.accept();
      accepted.configureBlocking(
          false); // as a selector-based server accepts; the wrapper switches it back
      closing.add(accepted);
      assertThat(runner.twist("echo hi; cat", ClientConnection.of(accepted))).isTrue();

      InputStream in = client.getInputStream();
      assertThat(readLine(in)).isEqualTo("hi");
      client.getOutputStream().write("echo\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(readLine(in)).isEqualTo("echo");
      client.shutdownOutput();
      assertThat(readAll(client)).isEmpty();
      assertThat(Await.until(Duration.ofSeconds(10), () -> !accepted.isOpen())).isTrue();
    }
  }

  @Test
  void asynchronousChannelsWork() throws Exception {
    try (AsynchronousServerSocketChannel server = AsynchronousServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(LOOPBACK, 0));
      Socket client =
          new Socket(LOOPBACK, ((InetSocketAddress) server.getLocalAddress()).getPort());
      closing.add(client);
      client.setSoTimeout(10_000);
      AsynchronousSocketChannel accepted = server.accept().get(10, TimeUnit.SECONDS);
      closing.add(accepted);
      assertThat(runner.twist("echo hi; cat", ClientConnection.of(accepted))).isTrue();

      InputStream in = client.getInputStream();
      assertThat(readLine(in)).isEqualTo("hi");
      client.getOutputStream().write("echo\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(readLine(in)).isEqualTo("echo");
      client.shutdownOutput();
      assertThat(readAll(client)).isEmpty();
      assertThat(Await.until(Duration.ofSeconds(10), () -> !accepted.isOpen())).isTrue();
    }
  }

  @Test
  void theCallerReturnsBeforeTheCommandHasRun() throws Exception {
    Socket[] p = pair();
    // the command waits for the client, which only writes after twist returned: a caller that
    // waited would hang
    assertThat(runner.twist("read x; echo $x", ClientConnection.of(p[1]))).isTrue();
    p[0].getOutputStream().write("later\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(readAll(p[0])).isEqualTo("later\n");
  }

  @Test
  void nothingIsReadAfterTheEnd() throws Exception {
    Socket[] p = pair();
    assertThat(runner.twist("true", ClientConnection.of(p[1]))).isTrue();
    p[0].setSoTimeout(10_000);
    try {
      assertThat(p[0].getInputStream().read()).isEqualTo(-1);
    } catch (SocketTimeoutException e) {
      throw new AssertionError("connection not closed after the command ended", e);
    }
  }
}
