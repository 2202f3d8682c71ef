package dev.tcpwrap.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NativeAcceptorsTest {

  @Test
  void nettysNativeAcceptPointsAreRecognisedUnderAnyPackagePrefix() {
    for (String prefix : new String[] {"io/netty/", "io/grpc/netty/shaded/io/netty/"}) {
      assertThat(NativeAcceptors.hook(prefix + "channel/unix/Socket"))
          .isEqualTo(NativeAcceptors.Hook.ACCEPT);
      assertThat(
              NativeAcceptors.hook(
                  prefix + "channel/uring/AbstractIoUringServerChannel$UringServerChannelUnsafe"))
          .isEqualTo(NativeAcceptors.Hook.URING);
      assertThat(
              NativeAcceptors.hook(
                  prefix
                      + "incubator/channel/uring/AbstractIOUringServerChannel"
                      + "$UringServerChannelUnsafe"))
          .isEqualTo(NativeAcceptors.Hook.INCUBATOR_URING);
      for (String listener :
          new String[] {
            "channel/epoll/EpollServerSocketChannel",
            "channel/kqueue/KQueueServerSocketChannel",
            "channel/uring/IoUringServerSocketChannel",
            "incubator/channel/uring/IOUringServerSocketChannel"
          }) {
        assertThat(NativeAcceptors.hook(prefix + listener))
            .as(listener)
            .isEqualTo(NativeAcceptors.Hook.LISTENER);
      }
    }
  }

  @Test
  void tomcatsAprEndpointIsRecognisedAndNamedWithTheConnectorToUseInstead() {
    assertThat(NativeAcceptors.hook("org/apache/tomcat/util/net/AprEndpoint"))
        .isEqualTo(NativeAcceptors.Hook.APR);
    assertThat(NativeAcceptors.hook("org/apache/tomcat/util/net/NioEndpoint")).isNull();
    assertThat(NativeAcceptors.hook("org/apache/tomcat/util/net/AprEndpoint$Poller")).isNull();
    assertThat(
            NativeAcceptors.notCheckedWarning(
                NativeAcceptors.Hook.APR, "org.apache.tomcat.util.net.AprEndpoint"))
        .startsWith(
            "org.apache.tomcat.util.net.AprEndpoint accepts connections in native code and its code"
                + " is not what the agent expects")
        .contains("NOT checked")
        .endsWith("(protocol org.apache.coyote.http11.Http11NioProtocol, the default)");
    assertThat(
            NativeAcceptors.notCheckedWarning(
                NativeAcceptors.Hook.ACCEPT, "io.netty.channel.unix.Socket"))
        .as("its listeners say it")
        .isNull();
  }

  @Test
  void otherClassesGetNoNativeAdvice() {
    assertThat(NativeAcceptors.hook("io/netty/channel/epoll/EpollSocketChannel")).isNull();
    assertThat(NativeAcceptors.hook("io/netty/channel/epoll/EpollServerDomainSocketChannel"))
        .isNull();
    assertThat(NativeAcceptors.hook("io/netty/channel/socket/nio/NioServerSocketChannel")).isNull();
    assertThat(NativeAcceptors.hook("com/example/MyEpollServerSocketChannel")).isNull();
    assertThat(NativeAcceptors.hook("io/netty/channel/xepoll/EpollServerSocketChannel")).isNull();
    assertThat(NativeAcceptors.hook("channel/unix/Socket")).as("no package prefix").isNull();
    assertThat(NativeAcceptors.hook("io/netty/channel/unix/SocketX")).isNull();
  }

  @Test
  void theWarningNamesTheClassAndThePropertyOfItsCopyOfNetty() {
    assertThat(
            NativeAcceptors.warning(
                "io.netty.channel.epoll.EpollServerSocketChannel",
                "its code is not what the agent expects"))
        .startsWith(
            "io.netty.channel.epoll.EpollServerSocketChannel accepts connections in native code"
                + " and its code is not what the agent expects")
        .contains("NOT checked")
        .endsWith("(-Dio.netty.transport.noNative=true where the framework falls back to it)");
    // grpc-netty-shaded relocates io.netty, string constants included
    assertThat(
            NativeAcceptors.warning(
                "io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerSocketChannel", "x"))
        .contains("-Dio.grpc.netty.shaded.io.netty.transport.noNative=true");
  }
}
