package dev.tcpwrap.agent.inetd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parts of the inetd-style check that run without an inetd (InetdTest runs it under one). */
class InheritedConnectionTest {

  @TempDir Path dir;

  @Test
  void anIpv6SocketIsFoundInTheKernelsTableByItsInode() throws Exception {
    Path table =
        Files.writeString(
            dir.resolve("tcp6"),
            "  sl  local_address                         remote_address                        st"
                + " tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
                + "   0: 00000000000000000000000000000000:0016 00000000000000000000000000000000:0000"
                + " 0A 00000000:00000000 00:00000000 00000000     0        0 4711 1"
                + " 0000000000000000 100 0 0 10 0\n");
    assertThat(ProcSelf.ipv6Socket(table, "4711")).isTrue();
    assertThat(ProcSelf.ipv6Socket(table, "471")).isFalse();
    assertThat(ProcSelf.ipv6Socket(dir.resolve("missing"), "4711")).isFalse();
  }

  @Test
  void aFileLogNeverReachesTheClient() {
    assertThat(InheritedConnection.logWouldReachClient("/var/log/tcpwrap.log")).isFalse();
  }

  /**
   * Closing the filter's view of the inherited connection ends the connection for the client at
   * once, but leaves the JDK's channel (and with it standard input, output and error) open.
   */
  @Test
  void closingShutsTheConnectionDownAndLeavesTheChannelOpen() throws Exception {
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      try (SocketChannel client = SocketChannel.open(server.getLocalAddress());
          SocketChannel accepted = server.accept()) {
        ShutdownOnCloseChannel view = new ShutdownOnCloseChannel(accepted);
        assertThat(view.getRemoteAddress()).isEqualTo(client.getLocalAddress());
        view.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
        assertThat(accepted.getOption(StandardSocketOptions.SO_KEEPALIVE)).isTrue();
        assertThat(view.write(ByteBuffer.wrap(new byte[] {42}))).isEqualTo(1);

        view.close();

        ByteBuffer got = ByteBuffer.allocate(8);
        while (client.read(got) >= 0) {
          // the byte written before the close, then the end
        }
        assertThat(got.position()).isEqualTo(1);
        assertThat(accepted.isOpen()).isTrue();
        assertThat(accepted.isBlocking()).isTrue();
        assertThatThrownBy(() -> view.read(ByteBuffer.allocate(1)))
            .isInstanceOf(ClosedChannelException.class);
      }
    }
  }
}
