package dev.tcpwrap.it.servers;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;

/**
 * Netty 4.1 with its native epoll transport ({@link EpollEventLoopGroup}, {@link
 * EpollServerSocketChannel}; edge-triggered in 4.1) on 127.0.0.1, any port, with the HTTP/1.1
 * responder of {@link NettyServer}. Compiled against the Netty 4.2 of the test class path but using
 * only API that 4.1 has, it runs on the Netty 4.1 jars of {@code target/it-lib/netty41}; it prints
 * {@code NETTY <version>} and {@code CHANNEL <server channel class>}. Usage: {@code Netty41Server
 * [IO_URING_INCUBATOR]}: the 4.1 incubator's io_uring transport instead of epoll.
 */
public final class Netty41Server {

  private Netty41Server() {}

  @SuppressWarnings("deprecation") // EpollEventLoopGroup: the 4.1 way, deprecated in 4.2 only
  public static void main(String[] args) throws Exception {
    EventLoopGroup boss;
    EventLoopGroup workers;
    Class<? extends ServerChannel> channel;
    if (args.length > 0 && args[0].equals("IO_URING_INCUBATOR")) {
      // the incubator's classes are on the server's class path only, not on the test's
      String pkg = "io.netty.incubator.channel.uring.";
      Class.forName(pkg + "IOUring").getMethod("ensureAvailability").invoke(null);
      Class<?> group = Class.forName(pkg + "IOUringEventLoopGroup");
      boss = (EventLoopGroup) group.getConstructor(int.class).newInstance(1);
      workers = (EventLoopGroup) group.getConstructor(int.class).newInstance(2);
      channel = Class.forName(pkg + "IOUringServerSocketChannel").asSubclass(ServerChannel.class);
    } else {
      Epoll.ensureAvailability();
      boss = new EpollEventLoopGroup(1);
      workers = new EpollEventLoopGroup(2);
      channel = EpollServerSocketChannel.class;
    }
    ServerBootstrap b =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(channel)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new NettyServer.HelloHandler());
                  }
                });
    Channel server = b.bind(Out.HOST, 0).sync().channel();
    Out.print("NETTY " + Out.nettyVersion());
    Out.print("CHANNEL " + server.getClass().getName());
    Out.ready(((InetSocketAddress) server.localAddress()).getPort());
    server.closeFuture().sync();
  }
}
