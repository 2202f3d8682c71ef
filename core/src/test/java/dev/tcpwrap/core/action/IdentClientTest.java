package dev.tcpwrap.core.action;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.core.options.PercentExpansion;
import dev.tcpwrap.core.request.Request;
import dev.tcpwrap.core.resolve.HostResolver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RFC 1413 queries against a fake identd on loopback. */
class IdentClientTest {

  private static final InetAddress CLIENT_HOST = InetAddress.getLoopbackAddress();
  private static final InetSocketAddress CLIENT = new InetSocketAddress(CLIENT_HOST, 40000);
  private static final InetSocketAddress SERVER = new InetSocketAddress(CLIENT_HOST, 2222);

  private FakeIdentd identd;

  @AfterEach
  void stop() throws IOException {
    if (identd != null) {
      identd.close();
    }
  }

  /**
   * A one-connection identd that answers the query with {@code reply.apply(query)} (null: stays
   * silent).
   */
  private static final class FakeIdentd implements AutoCloseable {
    final ServerSocket socket;
    final CompletableFuture<String> query = new CompletableFuture<>();
    final CompletableFuture<InetSocketAddress> peer = new CompletableFuture<>();
    private final Thread thread;

    FakeIdentd(Function<String, byte[]> reply) throws IOException {
      socket = new ServerSocket(0, 5, CLIENT_HOST);
      thread =
          new Thread(
              () -> {
                try (Socket s = socket.accept()) {
                  peer.complete((InetSocketAddress) s.getRemoteSocketAddress());
                  String q = readLine(s.getInputStream());
                  query.complete(q);
                  byte[] r = reply.apply(q);
                  if (r == null) {
                    Thread.sleep(5_000);
                  } else {
                    s.getOutputStream().write(r);
                    s.getOutputStream().flush();
                    Thread.sleep(200);
                  }
                } catch (IOException | InterruptedException e) {
                  query.completeExceptionally(e);
                }
              },
              "fake-identd");
      thread.setDaemon(true);
      thread.start();
    }

    IdentClient client() {
      return new IdentClient(socket.getLocalPort());
    }

    @Override
    public void close() throws IOException {
      socket.close();
      thread.interrupt();
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      b.write(c);
      if (c == '\n') {
        break;
      }
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  private String ask(String reply) throws IOException {
    identd = new FakeIdentd(q -> reply.getBytes(StandardCharsets.ISO_8859_1));
    return identd.client().user(CLIENT, SERVER, Duration.ofSeconds(5));
  }

  @Test
  void aNormalReplyGivesTheUser() throws Exception {
    assertThat(ask("40000 , 2222 : USERID : UNIX : alice\r\n")).isEqualTo("alice");
    assertThat(identd.query.get(5, TimeUnit.SECONDS)).isEqualTo("40000 , 2222\r\n");
  }

  @Test
  void compactRepliesCharsetsAndTrailingWordsAsLibwrap() throws Exception {
    assertThat(ask("40000,2222:USERID:UNIX,UTF-8:bob smith\n")).isEqualTo("bob");
  }

  @Test
  void theUserIsCutAt255Characters() throws Exception {
    assertThat(ask("40000 , 2222 : USERID : OTHER :" + "u".repeat(300) + "\r\n"))
        .isEqualTo("u".repeat(255));
  }

  @Test
  void errorRepliesGiveNoUser() throws Exception {
    assertThat(ask("40000 , 2222 : ERROR : NO-USER\r\n")).isNull();
  }

  @Test
  void aReplyForOtherPortsIsNotBelieved() throws Exception {
    assertThat(ask("40001 , 2222 : USERID : UNIX : mallory\r\n")).isNull();
  }

  @Test
  void garbageGivesNoUser() throws Exception {
    assertThat(ask("SSH-2.0-OpenSSH_9.2\r\n")).isNull();
  }

  @Test
  void anEmptyUserOrOsIsNoUser() throws Exception {
    assertThat(ask("40000 , 2222 : USERID : UNIX :   \r\n")).isNull();
    identd.close();
    assertThat(ask("40000 , 2222 : USERID :: carol\r\n")).isNull();
  }

  @Test
  void aReplyWithoutLineEndIsNoReply() throws Exception {
    assertThat(ask("40000 , 2222 : USERID : UNIX : alice")).isNull();
  }

  @Test
  void aTooLongLineIsRejected() throws Exception {
    assertThat(ask("40000 , 2222 : USERID : UNIX : " + "x".repeat(2000) + "\r\n")).isNull();
  }

  @Test
  void silenceIsBoundedByTheTimeout() throws Exception {
    identd = new FakeIdentd(q -> null);
    long start = System.nanoTime();
    assertThat(identd.client().user(CLIENT, SERVER, Duration.ofMillis(500))).isNull();
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(ms).isBetween(400L, 3_000L);
  }

  @Test
  void noIdentdIsNoUser() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, CLIENT_HOST)) {
      closedPort = s.getLocalPort();
    }
    assertThat(new IdentClient(closedPort).user(CLIENT, SERVER, Duration.ofSeconds(2))).isNull();
  }

  @Test
  void theQueryComesFromTheServersAddress() throws Exception {
    InetSocketAddress server = new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 2222);
    identd =
        new FakeIdentd(
            q -> "40000 , 2222 : USERID : UNIX : alice\r\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(identd.client().user(CLIENT, server, Duration.ofSeconds(5))).isEqualTo("alice");
    assertThat(identd.peer.get(5, TimeUnit.SECONDS).getAddress().getHostAddress())
        .isEqualTo("127.0.0.2");
  }

  @Test
  void badArgumentsGiveNoUser() {
    IdentClient c = new IdentClient(1);
    assertThat(c.user(null, SERVER, Duration.ofSeconds(1))).isNull();
    assertThat(c.user(CLIENT, SERVER, Duration.ZERO)).isNull();
    assertThat(
            c.user(
                InetSocketAddress.createUnresolved("nowhere.invalid", 1),
                SERVER,
                Duration.ofSeconds(1)))
        .isNull();
  }

  @Test
  void parsesAsLibwrapsSscanf() {
    assertThat(IdentClient.parse("1 , 2 : USERID : UNIX : u", 1, 2)).isEqualTo("u");
    assertThat(IdentClient.parse(" 1 ,2 :USERID:  X :u:v\r", 1, 2)).isEqualTo("u:v");
    assertThat(IdentClient.parse("1 , 2 : USERID : UNIX : u\r", 1, 2)).isEqualTo("u");
    assertThat(IdentClient.parse("1 , 2 : USERID : UNIX", 1, 2)).isNull();
    assertThat(IdentClient.parse("1 , 2 : ERROR : UNKNOWN-ERROR : x", 1, 2)).isNull();
    assertThat(IdentClient.parse("x1 , 2 : USERID : UNIX : u", 1, 2)).isNull();
    assertThat(IdentClient.parse("1 , 2 , 3 : USERID : UNIX : u", 1, 2)).isNull();
  }

  @Test
  void aUserThatCouldFakeALogFieldIsNoUser() {
    // the log line shows user@host: the user must not carry "(ADDR)" or control characters
    assertThat(IdentClient.parse("1 , 2 : USERID : UNIX : x(10.9.9.9)", 1, 2)).isNull();
    assertThat(IdentClient.parse("1 , 2 : USERID : UNIX : a\u0001b", 1, 2)).isNull();
    assertThat(IdentClient.parse("1 , 2 : USERID : UNIX : a\u007fb", 1, 2)).isNull();
    assertThat(IdentClient.parse("1 , 2 : USERID : UNIX : al$ice", 1, 2)).isEqualTo("al$ice");
  }

  @Test
  void aRequestLooksTheUserUpOnlyWhenAsked() throws Exception {
    identd =
        new FakeIdentd(
            q -> "40000 , 2222 : USERID : UNIX : al$ice\r\n".getBytes(StandardCharsets.US_ASCII));
    IdentLookup lookup = new IdentLookup(identd.client(), CLIENT, SERVER);
    lookup.timeout(Duration.ofSeconds(3));
    assertThat(lookup.timeout()).isEqualTo(Duration.ofSeconds(3));
    Request r = Request.forConnection("sshd", CLIENT, SERVER, false, HostResolver.NONE, lookup);
    assertThat(r.userEvaluated()).isFalse();
    assertThat(r.clientInfo()).isEqualTo("127.0.0.1");

    assertThat(PercentExpansion.expand("%u", r, w -> {})).isEqualTo("al_ice");
    assertThat(r.user()).isEqualTo("al$ice");
    assertThat(r.clientInfo()).isEqualTo("al$ice@127.0.0.1");
  }
}
