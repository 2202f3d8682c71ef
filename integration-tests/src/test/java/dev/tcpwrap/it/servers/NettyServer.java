package dev.tcpwrap.it.servers;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Netty 4.2 NIO transport ({@link NioIoHandler}, {@link NioServerSocketChannel}) on 127.0.0.1, any
 * port: the boss loop accepts non-blocking in its selector. A minimal HTTP/1.1 responder without
 * codecs: on {@code channelActive} it prints {@code CONNECTION <address>}; once the request head is
 * in, {@code ACCEPT <address>} and a {@code 200} with {@code HELLO <address>}, then it closes.
 *
 * <p>Usage: {@code NettyServer [EPOLL]}. {@code EPOLL} runs the native epoll transport instead,
 * which accepts in native code, out of the agent's reach: it is run only to show that the agent
 * says so.
 */
public final class NettyServer {

  private NettyServer() {}

  /** One per connection. */
  static final class HelloHandler extends ChannelInboundHandlerAdapter {
    private final StringBuilder head = new StringBuilder();
    private boolean answered;

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      Out.print("CONNECTION " + Out.host(ctx.channel().remoteAddress()));
      ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf buf = (ByteBuf) msg;
      try {
        head.append(buf.toString(StandardCharsets.ISO_8859_1));
      } finally {
        buf.release();
      }
      if (!answered && head.indexOf("\r\n\r\n") >= 0) {
        answered = true;
        String remote = Out.host(ctx.channel().remoteAddress());
        Out.print("ACCEPT " + remote);
        byte[] body = Out.hello(remote).getBytes(StandardCharsets.UTF_8);
        String h =
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
                + body.length
                + "\r\nConnection: close\r\n\r\n";
        ctx.writeAndFlush(Unpooled.wrappedBuffer(h.getBytes(StandardCharsets.ISO_8859_1), body))
            .addListener(ChannelFutureListener.CLOSE);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      Out.print("FAILED " + cause);
      ctx.close();
    }
  }

  public static void main(String[] args) throws Exception {
    boolean epoll = args.length > 0 && args[0].equals("EPOLL");
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    Class<? extends ServerChannel> channel =
        epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, io);
    EventLoopGroup workers = new MultiThreadIoEventLoopGroup(2, io);
    ServerBootstrap b =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(channel)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new HelloHandler());
                  }
                });
    Channel server = b.bind(Out.HOST, 0).sync().channel();
    Out.print("CHANNEL " + server.getClass().getName());
    Out.ready(((InetSocketAddress) server.localAddress()).getPort());
    server.closeFuture().sync();
  }
}
