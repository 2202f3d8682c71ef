package dev.tcpwrap.agent.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.ServerSocketChannel;
import org.junit.jupiter.api.Test;

/** Which listeners make IPv4 clients IPv4-mapped in the log, on real sockets. */
class ListenerFamilyTest {

  @Test
  void ipv6ListenersMapIpv4ClientsAndIpv4ListenersDoNot() throws Exception {
    try (ServerSocket v4 = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        ServerSocket wildcard = new ServerSocket(0);
        ServerSocket v6 = new ServerSocket()) {
      v6.bind(new InetSocketAddress(InetAddress.getByName("::"), 0));
      assertThat(ConnectionFilter.ipv6Listener(v4)).isFalse();
      assertThat(ConnectionFilter.ipv6Listener(wildcard)).isFalse();
      assertThat(ConnectionFilter.ipv6Listener(v6)).isTrue();
    }
    try (ServerSocketChannel ch = ServerSocketChannel.open()) {
      ch.bind(new InetSocketAddress(InetAddress.getByName("::"), 0));
      assertThat(ConnectionFilter.ipv6Listener(ch)).isTrue();
    }
    assertThat(ConnectionFilter.ipv6Listener(null)).isFalse();
  }
}
