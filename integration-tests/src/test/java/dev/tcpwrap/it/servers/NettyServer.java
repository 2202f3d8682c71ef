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
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Netty 4.2 on 127.0.0.1, any port, with a minimal HTTP/1.1 responder without codecs: on {@code
 * channelActive} it prints {@code CONNECTION <address>}; once the request head is in, {@code ACCEPT
 * <address>} and a {@code 200} with {@code HELLO <address>}, then it closes.
 *
 * <p>Usage: {@code NettyServer [NIO|EPOLL|IO_URING]}, the transport:
 *
 * <ul>
 *   <li>{@code NIO} (default): {@link NioIoHandler}, {@link NioServerSocketChannel}; the boss loop
 *       accepts non-blocking in its selector through the JDK;
 *   <li>{@code EPOLL}: the native epoll transport ({@link EpollIoHandler}, {@link
 *       EpollServerSocketChannel}), which accepts in native code ({@code Socket.accept(byte[])});
 *   <li>{@code IO_URING}: the native io_uring transport ({@link IoUringIoHandler}, {@link
 *       IoUringServerSocketChannel}): the kernel accepts and io_uring reports the new descriptor.
 *       Multishot accept where the kernel has it (Netty's default); {@code
 *       -Dio.netty.iouring.acceptMultiShotEnabled=false} makes it single-shot. The main prints
 *       {@code ACCEPT_MULTISHOT true|false}, and fails with Netty's reason where io_uring is not
 *       available.
 * </ul>
 *
 * The line {@code CHANNEL <class>} names the server channel class really bound.
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
    String transport = args.length > 0 ? args[0] : "NIO";
    IoHandlerFactory io;
    Class<? extends ServerChannel> channel;
    switch (transport) {
      case "NIO" -> {
        io = NioIoHandler.newFactory();
        channel = NioServerSocketChannel.class;
      }
      case "EPOLL" -> {
        io = EpollIoHandler.newFactory();
        channel = EpollServerSocketChannel.class;
      }
      case "IO_URING" -> {
        IoUring.ensureAvailability(); // fails with the kernel's or the library's reason
        Out.print("ACCEPT_MULTISHOT " + IoUring.isAcceptMultishotEnabled());
        io = IoUringIoHandler.newFactory();
        channel = IoUringServerSocketChannel.class;
      }
      default -> throw new IllegalArgumentException("transport: " + transport);
    }
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
    Out.print("NETTY " + Out.nettyVersion());
    Out.print("CHANNEL " + server.getClass().getName());
    Out.ready(((InetSocketAddress) server.localAddress()).getPort());
    server.closeFuture().sync();
  }
}
