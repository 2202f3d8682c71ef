package dev.tcpwrap.core.action;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.core.options.OptionParser;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** keepalive and linger on real accepted sockets. */
class SocketOptionsTest {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private final List<String> warnings = new ArrayList<>();

  private static SocketOptions of(String options) {
    return SocketOptions.of(OptionParser.parse(options + "\n").options());
  }

  @Test
  void fromOptions() {
    assertThat(of("keepalive : linger 5")).isEqualTo(new SocketOptions(true, 5));
    assertThat(of("linger 0")).isEqualTo(new SocketOptions(false, 0));
    assertThat(of("linger 3 : linger 7 : spawn echo")).isEqualTo(new SocketOptions(false, 7));
    assertThat(of("spawn echo : severity info")).isEqualTo(SocketOptions.NONE);
    assertThat(SocketOptions.NONE.isEmpty()).isTrue();
    assertThat(of("linger 0").setsLinger()).isTrue();
  }

  @Test
  void classicSockets() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 5, LOOPBACK);
        Socket client = new Socket(LOOPBACK, server.getLocalPort());
        Socket accepted = server.accept()) {
      of("keepalive : linger 5").apply(accepted, warnings::add);
      assertThat(accepted.getKeepAlive()).isTrue();
      assertThat(accepted.getSoLinger()).isEqualTo(5);

      // libwrap: l_onoff = (n != 0), so "linger 0" turns lingering off
      of("linger 0").apply(accepted, warnings::add);
      assertThat(accepted.getSoLinger()).isEqualTo(-1);
      assertThat(accepted.getKeepAlive()).isTrue(); // left alone
      assertThat(warnings).isEmpty();
      assertThat(client.isConnected()).isTrue();
    }
  }

  @Test
  void socketChannels() throws Exception {
    try (ServerSocketChannel server =
            ServerSocketChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
        SocketChannel client = SocketChannel.open(server.getLocalAddress());
        SocketChannel accepted = server.accept()) {
      of("keepalive : linger 7").apply(accepted, warnings::add);
      assertThat(accepted.getOption(StandardSocketOptions.SO_KEEPALIVE)).isTrue();
      assertThat(accepted.getOption(StandardSocketOptions.SO_LINGER)).isEqualTo(7);
      of("linger 0").apply(accepted, warnings::add);
      assertThat(accepted.getOption(StandardSocketOptions.SO_LINGER)).isEqualTo(-1);
      assertThat(warnings).isEmpty();
      assertThat(client.isConnected()).isTrue();
    }
  }

  @Test
  void asynchronousChannels() throws Exception {
    try (AsynchronousServerSocketChannel server =
            AsynchronousServerSocketChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
        AsynchronousSocketChannel client = AsynchronousSocketChannel.open()) {
      client.connect(server.getLocalAddress()).get(10, TimeUnit.SECONDS);
      try (AsynchronousSocketChannel accepted = server.accept().get(10, TimeUnit.SECONDS)) {
        of("keepalive : linger 9").apply(accepted, warnings::add);
        assertThat(accepted.getOption(StandardSocketOptions.SO_KEEPALIVE)).isTrue();
        // the JDK's asynchronous channels have no SO_LINGER: a warning, as a failed setsockopt in
        // libwrap
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).startsWith("setsockopt SO_LINGER 9: not supported by ");
      }
    }
  }

  @Test
  void aFailureIsOnlyAWarning() throws Exception {
    Socket closed = new Socket();
    closed.close();
    of("keepalive : linger 5").apply(closed, warnings::add);
    SocketChannel ch = SocketChannel.open();
    ch.close();
    of("keepalive : linger 5").apply(ch, warnings::add);
    assertThat(warnings).hasSize(4);
    assertThat(warnings.get(0)).startsWith("setsockopt SO_KEEPALIVE: ");
    assertThat(warnings.get(1)).startsWith("setsockopt SO_LINGER 5: ");
  }
}
