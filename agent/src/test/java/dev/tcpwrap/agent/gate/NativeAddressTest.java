package dev.tcpwrap.agent.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Netty's accepted-address bytes, as its native accept writes them. */
class NativeAddressTest {

  @Test
  void ipv4() throws Exception {
    byte[] a = {8, 127, 0, 0, 2, 0, 0, (byte) 0xC3, 0x50};
    InetSocketAddress s = NettyConnection.decode(a);
    assertThat(s.getAddress()).isInstanceOf(Inet4Address.class);
    assertThat(s.getAddress().getHostAddress()).isEqualTo("127.0.0.2");
    assertThat(s.getPort()).isEqualTo(50000);
  }

  @Test
  void ipv6WithScopeAndPort() throws Exception {
    byte[] a = new byte[25];
    a[0] = 24;
    a[1] = 0x20;
    a[2] = 0x01;
    a[3] = 0x0d;
    a[4] = (byte) 0xb8;
    a[16] = 1;
    a[20] = 0; // scope 0
    a[23] = (byte) 0xFF;
    a[24] = (byte) 0xFE;
    InetSocketAddress s = NettyConnection.decode(a);
    assertThat(s.getAddress()).isInstanceOf(Inet6Address.class);
    assertThat(s.getAddress().getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:1");
    assertThat(s.getPort()).isEqualTo(0xFFFE);
  }

  @Test
  void unreadableBytesAreAnErrorNotAGuess() {
    assertThatThrownBy(() -> NettyConnection.decode(new byte[] {2, 1, 0}))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("length 2");
    assertThatThrownBy(() -> NettyConnection.decode(new byte[0])).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> NettyConnection.decode(new byte[] {24, 1, 2}))
        .isInstanceOf(IOException.class);
  }
}
