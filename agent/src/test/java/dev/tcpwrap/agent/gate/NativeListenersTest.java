package dev.tcpwrap.agent.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.agent.instrument.NativeAcceptors;
import fake.netty.channel.epoll.EpollServerSocketChannel;
import fake.netty.channel.unix.FileDescriptor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry of native listeners, on stand-ins for a relocated Netty ({@code fake.netty}), and
 * the kernel's answer for listeners created before an attach, on real sockets.
 */
class NativeListenersTest {

  @TempDir Path dir;

  @Test
  void aListenerWhoseAcceptIsNotHookedIsNamedInAWarningAndNotChecked() throws Exception {
    List<String> warnings = new ArrayList<>();
    NativeListeners listeners = new NativeListeners(warnings::add);
    EpollServerSocketChannel channel = new EpollServerSocketChannel(0); // fd 0: no socket
    listeners.announce(channel);
    listeners.announce(new EpollServerSocketChannel(0));
    assertThat(warnings)
        .as("one warning per class")
        .containsExactly(
            NativeAcceptors.warning(
                EpollServerSocketChannel.class.getName(),
                "its code is not what the agent expects"));
    assertThat(warnings.get(0)).contains("-Dfake.netty.transport.noNative=true");
    assertThat(listeners.find(channel.fd())).isNull();
  }

  @Test
  void anAnnouncedListenerIsFoundByItsSocketAndItsConnectionsCloseThroughNetty() throws Exception {
    NativeAcceptors.hooked(
        fake.netty.channel.unix.Socket.class.getClassLoader(), "fake/netty/channel/unix/Socket");
    List<String> warnings = new ArrayList<>();
    NativeListeners listeners = new NativeListeners(warnings::add);
    EpollServerSocketChannel channel = new EpollServerSocketChannel(-7);
    listeners.announce(channel);
    listeners.announce(channel); // a constructor calling another one
    assertThat(warnings).isEmpty();
    NativeListener l = listeners.find(channel.fd());
    assertThat(l).isNotNull();
    assertThat(l.local().getPort()).isEqualTo(8080);
    assertThat(l.ipv6()).isFalse();
    assertThat(listeners.find(new Object())).isNull();

    NettyConnection c = new NettyConnection(l, 42, null);
    assertThat(c.remote().getAddress().getHostAddress()).isEqualTo("127.0.0.2");
    assertThat(c.remote().getPort()).isEqualTo(40042);
    assertThat(c.local().getPort()).isEqualTo(8080);
    c.close();
    assertThat(FileDescriptor.CLOSED).contains(42);
  }

  @Test
  void theKernelTellsATcpListenerFromAUnixDomainOne() throws Exception {
    try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        ServerSocketChannel unix = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      unix.bind(UnixDomainSocketAddress.of(dir.resolve("s")));
      int tcpFd = fdOfInode(inode(tcp.getLocalPort()));
      int unixFd = fdOfInode(unixInode(dir.resolve("s").toString()));
      assertThat(ProcListeners.isTcpListener(tcpFd)).isTrue();
      assertThat(ProcListeners.isTcpListener(unixFd)).isFalse();
      assertThat(ProcListeners.isTcpListener(0)).isFalse();
      assertThat(ProcListeners.isTcpListener(-1)).isFalse();
    }
  }

  // Java's sockets are IPv6 (dual-stack) where the system has IPv6: either table
  private static String inode(int port) throws IOException {
    String hexPort = String.format(":%04X", port);
    for (String table : new String[] {"/proc/self/net/tcp", "/proc/self/net/tcp6"}) {
      for (String line : Files.readAllLines(Path.of(table))) {
        String[] f = line.trim().split("\\s+");
        if (f.length > 9 && f[1].endsWith(hexPort) && f[3].equals("0A")) {
          return f[9];
        }
      }
    }
    throw new AssertionError("no listener on port " + port);
  }

  private static String unixInode(String path) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/net/unix"))) {
      if (line.endsWith(" " + path)) {
        return line.trim().split("\\s+")[6];
      }
    }
    throw new AssertionError("no unix socket " + path);
  }

  private static int fdOfInode(String inode) throws IOException {
    try (var fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path p : (Iterable<Path>) fds::iterator) {
        try {
          if (Files.readSymbolicLink(p).toString().equals("socket:[" + inode + "]")) {
            return Integer.parseInt(p.getFileName().toString());
          }
        } catch (IOException e) {
          // closed meanwhile
        }
      }
    }
    throw new AssertionError("no descriptor for inode " + inode);
  }
}
