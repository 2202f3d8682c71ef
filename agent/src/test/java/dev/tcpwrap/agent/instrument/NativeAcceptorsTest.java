package dev.tcpwrap.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NativeAcceptorsTest {

  @Test
  void nettysNativeServerChannelsAreNamedWithThePropertyThatTurnsThemOff() {
    assertThat(NativeAcceptors.warning("io/netty/channel/epoll/EpollServerSocketChannel"))
        .startsWith(
            "io.netty.channel.epoll.EpollServerSocketChannel accepts connections in native code")
        .contains("NOT checked")
        .endsWith("(-Dio.netty.transport.noNative=true where the framework falls back to it)");
    assertThat(NativeAcceptors.warning("io/netty/channel/uring/IoUringServerSocketChannel"))
        .contains("-Dio.netty.transport.noNative=true");
    assertThat(
            NativeAcceptors.warning("io/netty/incubator/channel/uring/IOUringServerSocketChannel"))
        .contains("-Dio.netty.transport.noNative=true");
  }

  @Test
  void aRelocatedNettyKeepsItsOwnPropertyPrefix() {
    // grpc-netty-shaded relocates io.netty, string constants included
    assertThat(
            NativeAcceptors.warning(
                "io/grpc/netty/shaded/io/netty/channel/epoll/EpollServerSocketChannel"))
        .startsWith("io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerSocketChannel ")
        .contains("-Dio.grpc.netty.shaded.io.netty.transport.noNative=true");
  }

  @Test
  void otherClassesAreNotNativeAcceptors() {
    assertThat(NativeAcceptors.warning("io/netty/channel/epoll/EpollSocketChannel")).isNull();
    assertThat(NativeAcceptors.warning("io/netty/channel/socket/nio/NioServerSocketChannel"))
        .isNull();
    assertThat(NativeAcceptors.warning("com/example/MyEpollServerSocketChannel")).isNull();
    assertThat(NativeAcceptors.warning("io/netty/channel/xepoll/EpollServerSocketChannel"))
        .isNull();
    assertThat(NativeAcceptors.warning("channel/epoll/EpollServerSocketChannel")).isNull();
  }
}
