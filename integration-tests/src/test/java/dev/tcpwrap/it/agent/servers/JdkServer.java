package dev.tcpwrap.it.agent.servers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Future;

/**
 * A tiny line server over one of the JDK's accept paths, run in a forked JVM under the agent.
 *
 * <p>Usage: {@code JdkServer KIND [PORT]}. Prints {@code READY <port>} once listening, {@code
 * ACCEPT <address>} for every connection the application receives, and {@code NULL} when a
 * non-blocking accept returns nothing. Each client gets {@code HELLO <address>} after sending one
 * line. The test asserts on these lines.
 */
public final class JdkServer {

  /** The accept paths this server can use. */
  public enum Kind {
    PLAIN,
    TIMEOUT,
    SSL,
    SUBCLASS,
    CHANNEL,
    SELECTOR,
    ADAPTOR,
    ADAPTOR_TIMEOUT,
    ASYNC_FUTURE,
    ASYNC_HANDLER,
    VIRTUAL,
    VIRTUAL_CHANNEL;

    /**
     * @return whether this kind needs Java 21+ (virtual threads)
     */
    public boolean needsVirtualThreads() {
      return this == VIRTUAL || this == VIRTUAL_CHANNEL;
    }
  }

  private JdkServer() {}

  public static void main(String[] args) throws Exception {
    Kind kind = Kind.valueOf(args[0]);
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    String bindTo = System.getProperty("it.bind");
    InetSocketAddress bind =
        new InetSocketAddress(
            bindTo == null ? InetAddress.getLoopbackAddress() : InetAddress.getByName(bindTo),
            port);
    switch (kind) {
      case PLAIN -> socketLoop(bound(new ServerSocket(), bind));
      case TIMEOUT -> timeoutLoop(bound(new ServerSocket(), bind));
      case SSL -> socketLoop(bound(Tls.serverSocket(), bind));
      case SUBCLASS -> socketLoop(bound(new AppServerSocket(), bind));
      case CHANNEL -> channelLoop(ServerSocketChannel.open().bind(bind));
      case SELECTOR -> selectorLoop(ServerSocketChannel.open().bind(bind));
      case ADAPTOR -> socketLoop(ServerSocketChannel.open().bind(bind).socket());
      case ADAPTOR_TIMEOUT -> timeoutLoop(ServerSocketChannel.open().bind(bind).socket());
      case ASYNC_FUTURE -> futureLoop(AsynchronousServerSocketChannel.open().bind(bind));
      case ASYNC_HANDLER -> handlerLoop(AsynchronousServerSocketChannel.open().bind(bind));
      case VIRTUAL -> VirtualThreads.runAndWait(() -> socketLoop(bound(new ServerSocket(), bind)));
      case VIRTUAL_CHANNEL ->
          VirtualThreads.runAndWait(() -> channelLoop(ServerSocketChannel.open().bind(bind)));
      default -> throw new IllegalArgumentException(kind.toString());
    }
  }

  /** An application subclass declaring its own accept(): two instrumented layers. */
  static final class AppServerSocket extends ServerSocket {
    AppServerSocket() throws IOException {
      super();
    }

    @Override
    public Socket accept() throws IOException {
      Socket s = super.accept();
      s.setTcpNoDelay(true);
      return s;
    }
  }

  private static ServerSocket bound(ServerSocket ss, InetSocketAddress bind) throws IOException {
    ss.bind(bind, 200);
    return ss;
  }

  static void ready(int port) {
    print("READY " + port);
  }

  static synchronized void print(String line) {
    System.out.println(line);
    System.out.flush();
  }

  static void socketLoop(ServerSocket ss) throws IOException {
    ready(ss.getLocalPort());
    while (true) {
      serveAsync(ss.accept());
    }
  }

  static void timeoutLoop(ServerSocket ss) throws IOException {
    ss.setSoTimeout(200);
    ready(ss.getLocalPort());
    while (true) {
      try {
        serveAsync(ss.accept());
      } catch (SocketTimeoutException e) {
        // keep polling
      }
    }
  }

  static void channelLoop(ServerSocketChannel ssc) throws IOException {
    ready(((InetSocketAddress) ssc.getLocalAddress()).getPort());
    while (true) {
      SocketChannel sc = ssc.accept();
      serveAsync(sc.socket());
    }
  }

  static void selectorLoop(ServerSocketChannel ssc) throws IOException {
    ssc.configureBlocking(false);
    Selector selector = Selector.open();
    ssc.register(selector, SelectionKey.OP_ACCEPT);
    ready(((InetSocketAddress) ssc.getLocalAddress()).getPort());
    while (true) {
      selector.select();
      selector.selectedKeys().clear();
      SocketChannel sc;
      while ((sc = ssc.accept()) != null) {
        sc.configureBlocking(true);
        serveAsync(sc.socket());
      }
      print("NULL");
    }
  }

  static void futureLoop(AsynchronousServerSocketChannel server) throws Exception {
    ready(((InetSocketAddress) server.getLocalAddress()).getPort());
    while (true) {
      Future<AsynchronousSocketChannel> f = server.accept();
      AsynchronousSocketChannel ch = f.get();
      new Thread(() -> serveAsyncChannel(ch)).start();
    }
  }

  static void handlerLoop(AsynchronousServerSocketChannel server) throws Exception {
    server.accept(
        null,
        new CompletionHandler<AsynchronousSocketChannel, Void>() {
          @Override
          public void completed(AsynchronousSocketChannel ch, Void att) {
            server.accept(null, this);
            new Thread(() -> serveAsyncChannel(ch)).start();
          }

          @Override
          public void failed(Throwable exc, Void att) {
            print("FAILED " + exc);
          }
        });
    ready(((InetSocketAddress) server.getLocalAddress()).getPort());
    Thread.currentThread().join();
  }

  static void serveAsync(Socket s) {
    print("ACCEPT " + s.getInetAddress().getHostAddress());
    Thread t = new Thread(() -> serve(s));
    t.setDaemon(true);
    t.start();
  }

  // reads one line, answers HELLO <address>, closes
  static void serve(Socket s) {
    try (s) {
      s.setSoTimeout(10_000);
      BufferedReader in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      in.readLine();
      OutputStream out = s.getOutputStream();
      out.write(
          ("HELLO " + s.getInetAddress().getHostAddress() + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      print("IOERROR " + e);
    }
  }

  static void serveAsyncChannel(AsynchronousSocketChannel ch) {
    try (ch) {
      String peer = ((InetSocketAddress) ch.getRemoteAddress()).getAddress().getHostAddress();
      print("ACCEPT " + peer);
      ByteBuffer buf = ByteBuffer.allocate(256);
      while (buf.position() == 0 || buf.get(buf.position() - 1) != '\n') {
        if (ch.read(buf).get() < 0) {
          break;
        }
      }
      ByteBuffer reply = ByteBuffer.wrap(("HELLO " + peer + "\n").getBytes(StandardCharsets.UTF_8));
      while (reply.hasRemaining()) {
        ch.write(reply).get();
      }
    } catch (Exception e) {
      print("IOERROR " + e);
    }
  }
}
