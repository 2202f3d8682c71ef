package dev.tcpwrap.agent.bootstrap;

import java.lang.ref.WeakReference;
import java.net.Socket;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Future;

/**
 * The gate's side for an agent attached at run time: an {@code accept()} already waiting when the
 * agent arrived keeps running its code without advice until it returns, so hooks deeper in the
 * accept path decide its connection, and only that one: the instrumented {@code accept()} marks the
 * thread ({@link #enterAccept}), and a deep hook that finds no mark decides. Same rules as {@link
 * AcceptGate}: JDK types only, never throws, never locks.
 */
public final class AttachGate {

  /**
   * After an attach: how many instrumented {@code accept()} calls this thread is in. Zero in a hook
   * deeper in the accept path means that the {@code accept()} frame above it was already running
   * when the agent arrived and runs the code without advice, so only that hook can decide.
   */
  private static final ThreadLocal<int[]> ACCEPTS = new ThreadLocal<>();

  /**
   * After an attach: the TLS socket this thread accepted in a frame that predates the attach, to be
   * decided once {@code SSLServerSocketImpl.accept()} has set it up ({@link #tlsConnected}).
   */
  private static final ThreadLocal<WeakReference<Socket>> PENDING_TLS = new ThreadLocal<>();

  /**
   * Whether {@code sun.security.ssl.SSLSocketImpl.doneConnect()} calls {@link #tlsConnected}. If
   * not, a TLS socket is decided as soon as it is accepted, and closing it there makes the rest of
   * the JDK's TLS accept throw: worse than waiting, but still no unchecked connection.
   */
  public static volatile boolean tlsHooked;

  /**
   * Whether {@code AprEndpoint.setSocketOptions(Long)} calls {@link #aprHandedOn} (after an
   * attach): then each APR socket {@link AcceptGate#refuseApr} lets through is remembered for that
   * call.
   */
  public static volatile boolean aprHandOverHooked;

  /** After an attach: the APR socket this thread's last instrumented accept let through. */
  private static final ThreadLocal<long[]> APR_PASSED = new ThreadLocal<>();

  private AttachGate() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /**
   * Entry advice of every instrumented {@code accept()} after an attach: marks the thread as inside
   * one, for the hooks deeper in the accept path.
   *
   * @return the thread's counter, for {@link #exitAccept}
   */
  public static int[] enterAccept() {
    int[] depth = ACCEPTS.get();
    if (depth == null) {
      depth = new int[1];
      ACCEPTS.set(depth);
    }
    depth[0]++;
    return depth;
  }

  /**
   * Exit advice of every instrumented {@code accept()} after an attach, also when it throws: {@link
   * AcceptGate#refuse(Object, Object)}, and the thread leaves the {@code accept()} unless it
   * repeats (a repeat does not run the entry advice again).
   *
   * @param depth what {@link #enterAccept} returned, {@code null} if it failed
   * @return {@code true} if the connection was refused and closed, so the accept must repeat
   */
  public static boolean exitAccept(int[] depth, Object listener, Object accepted) {
    boolean refused = AcceptGate.refuse(listener, accepted);
    if (!refused && depth != null && depth[0] > 0) {
      depth[0]--;
    }
    return refused;
  }

  // no instrumented accept() on this thread's stack: the caller predates the attach
  private static boolean outsideAccept() {
    int[] depth = ACCEPTS.get();
    return depth == null || depth[0] == 0;
  }

  /**
   * After an attach: called when {@code ServerSocket.implAccept} has connected the accepted socket
   * ({@code Socket.postAccept()} on 17, {@code setConnectedImpl} on 25). Decides only for an {@code
   * accept()} frame that predates the attach. That frame will return the socket whatever happens
   * here, so a refused one reaches the application closed. The listening socket is not known here:
   * an IPv4 client of a listener bound to an IPv6 address is logged as plain IPv4.
   */
  public static void acceptedSocket(Socket socket) {
    if (AcceptGate.filter == null || !outsideAccept()) {
      return;
    }
    if (tlsHooked && socket.getClass().getName().equals("sun.security.ssl.SSLSocketImpl")) {
      PENDING_TLS.set(new WeakReference<>(socket));
      return;
    }
    AcceptGate.refuse(null, socket);
  }

  /**
   * After an attach: called when {@code SSLSocketImpl.doneConnect()} returns; decides the socket if
   * {@link #acceptedSocket} left it for here.
   */
  public static void tlsConnected(Socket socket) {
    WeakReference<Socket> pending = PENDING_TLS.get();
    if (pending != null && pending.get() == socket) {
      PENDING_TLS.remove();
      AcceptGate.refuse(null, socket);
    }
  }

  /**
   * After an attach: called when {@code ServerSocketChannelImpl.finishAccept} returns. Decides only
   * for an {@code accept()} frame that predates the attach; for a refused connection it accepts
   * again through a fresh, instrumented {@code accept()}, which is what the repeat would have done,
   * so the application never sees it. Where a fresh {@code accept()} would not do the same (a
   * timeout set on the channel's {@code ServerSocket} adaptor, or it fails), the refused channel is
   * returned closed.
   *
   * @return the channel for the old frame to return
   */
  public static SocketChannel acceptedChannel(ServerSocketChannel server, SocketChannel channel) {
    if (channel == null
        || AcceptGate.filter == null
        || !outsideAccept()
        || !AcceptGate.refuse(server, channel)) {
      return channel;
    }
    try {
      if (server.isBlocking() && server.socket().getSoTimeout() > 0) {
        return channel; // a fresh accept() would wait without the adaptor's timeout
      }
      return server.accept();
    } catch (Throwable t) {
      return channel;
    }
  }

  /**
   * After an attach: called when {@code UnixAsynchronousServerSocketChannelImpl.finishAccept}
   * returns, with the pending accept as the channel's fields hold it. A handler armed before the
   * attach is not wrapped; wrapping it now makes the gated handler decide this connection (and
   * re-arm on a refusal), as for any later accept; a handler already wrapped is left alone. A
   * Future armed before the attach cannot be re-armed: a refused connection completes it closed.
   * When called while a new accept completes at once, the fields are left over from the previous
   * one: its handler is not used again, and its Future is done.
   *
   * @return the handler to store back
   */
  @SuppressWarnings("rawtypes")
  public static CompletionHandler acceptedAsync(
      AsynchronousServerSocketChannel server,
      CompletionHandler handler,
      Future<?> future,
      AsynchronousSocketChannel child) {
    if (handler != null) {
      return AcceptGate.wrapHandler(server, handler);
    }
    if (child != null && future != null && !future.isDone()) {
      AcceptGate.refuse(server, child);
    }
    return null;
  }

  /**
   * After an attach: called when Tomcat's acceptor hands an APR socket on ({@code
   * AprEndpoint.setSocketOptions(Long)}). Decides only a socket that no instrumented {@code
   * serverSocketAccept()} let through on this thread: one returned by a call that was waiting in
   * the native accept since before the attach.
   *
   * @return {@code true} if the connection was refused and its socket destroyed: Tomcat must not
   *     touch it
   */
  public static boolean aprHandedOn(Object endpoint, long socket) {
    long[] passed = APR_PASSED.get();
    if (passed != null && passed[0] == socket) {
      passed[0] = 0;
      return false;
    }
    AcceptGate.Filter f = AcceptGate.filter;
    if (socket == 0 || f == null) {
      return false;
    }
    try {
      return f.refuseAprHandedOn(endpoint, socket);
    } catch (Throwable t) {
      AcceptGate.ESCAPED_FAILURES.incrementAndGet();
      return false;
    }
  }

  /** Remembers an APR socket an instrumented accept let through, for {@link #aprHandedOn}. */
  static void aprPassed(long socket) {
    if (!aprHandOverHooked) {
      return;
    }
    long[] passed = APR_PASSED.get();
    if (passed == null) {
      passed = new long[1];
      APR_PASSED.set(passed);
    }
    passed[0] = socket;
  }
}
