package dev.tcpwrap.bench.e2e;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadFactory;

/**
 * The Netty 4.2 server of the end-to-end benchmark, on a native transport, run in a forked JVM
 * (with and without the agent): served as {@link E2eServer} serves, one thread (a single event
 * loop, named {@value #LOOP_THREAD}, is both the boss and the child loop) accepts on
 * 127.0.0.1:PORT, writes the same short response and closes.
 *
 * <p>Usage: {@code java -cp classes:e2e-lib/* dev.tcpwrap.bench.e2e.E2eNettyServer epoll|iouring
 * PORT [serve|close|close-active]}:
 *
 * <ul>
 *   <li>{@code epoll}: {@link EpollIoHandler}, {@link EpollServerSocketChannel} (accepts in native
 *       code, {@code Socket.accept(byte[])}); {@code iouring}: {@link IoUringIoHandler}, {@link
 *       IoUringServerSocketChannel} (Netty's default: multishot accept where the kernel has it);
 *   <li>{@code serve} (default): on {@code channelActive}, the response, then close;
 *   <li>{@code close}: the application closes every connection the moment it first sees it, as
 *       cheaply as Netty lets it: a handler on the server channel receives each new child channel
 *       (before it is registered with a loop or has a pipeline of its own) and closes it forcibly,
 *       as Netty's own acceptor does with a child it cannot register. Nothing written: accept and
 *       close, the baseline for refusals;
 *   <li>{@code close-active}: the child is registered and closed in its {@code channelActive},
 *       nothing written (what a plain handler that drops every connection does).
 * </ul>
 */
public final class E2eNettyServer {

  /** The name of the one event-loop thread: the accepting (and serving) thread. */
  static final String LOOP_THREAD = "e2e-loop";

  private E2eNettyServer() {}

  /** The response, written from a duplicate of one direct buffer that is never released. */
  @ChannelHandler.Sharable
  static final class Respond extends ChannelInboundHandlerAdapter {
    private final ByteBuf response =
        Unpooled.unreleasableBuffer(
            Unpooled.directBuffer(E2eServer.RESPONSE.length).writeBytes(E2eServer.RESPONSE));

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      ctx.writeAndFlush(response.duplicate()).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close(); // a client that went away; keep serving
    }
  }

  /** Closes each connection in its {@code channelActive}, writing nothing. */
  @ChannelHandler.Sharable
  static final class CloseActive extends ChannelInboundHandlerAdapter {
    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      ctx.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  /** On the server channel: closes every new child channel on sight and passes nothing on. */
  @ChannelHandler.Sharable
  static final class CloseOnSight extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ((Channel) msg).unsafe().closeForcibly();
    }
  }

  /**
   * @param args {@code epoll|iouring PORT [serve|close|close-active]}
   */
  public static void main(String[] args) throws Exception {
    String kind = args[0];
    int port = Integer.parseInt(args[1]);
    String what = args.length > 2 ? args[2] : "serve";
    IoHandlerFactory io;
    Class<? extends ServerChannel> channel;
    switch (kind) {
      case "epoll" -> {
        Epoll.ensureAvailability();
        io = EpollIoHandler.newFactory();
        channel = EpollServerSocketChannel.class;
      }
      case "iouring" -> {
        IoUring.ensureAvailability(); // fails with the kernel's or the library's reason
        io = IoUringIoHandler.newFactory();
        channel = IoUringServerSocketChannel.class;
      }
      default -> throw new IllegalArgumentException("kind must be epoll or iouring: " + kind);
    }
    ThreadFactory named = r -> new FastThreadLocalThread(r, LOOP_THREAD);
    EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, named, io);
    ServerBootstrap b =
        new ServerBootstrap()
            .group(loop, loop)
            .channel(channel)
            .option(ChannelOption.SO_BACKLOG, 512)
            .option(ChannelOption.SO_REUSEADDR, true);
    switch (what) {
      case "serve" -> b.childHandler(new Respond());
      case "close-active" -> b.childHandler(new CloseActive());
      case "close" -> b.handler(new CloseOnSight()).childHandler(new CloseActive());
      default -> throw new IllegalArgumentException("serve, close or close-active: " + what);
    }
    Channel server =
        b.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)).sync().channel();
    server.closeFuture().sync();
  }
}
