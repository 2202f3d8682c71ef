package dev.tcpwrap.agent.bootstrap;

import java.io.Closeable;
import java.lang.ref.WeakReference;
import java.net.Socket;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The dispatcher between advice inlined into JDK classes and the tcpwrap engine.
 *
 * <p>Rules for everything in this package (it lives in the <b>boot</b> class loader):
 *
 * <ul>
 *   <li>JDK types only, also as super classes and interfaces (the classes are defined in any
 *       order); no dependencies; nothing that could fail to link.
 *   <li>Shipped only inside the nested jar {@code tcpwrap-bootstrap.jar.bin} and defined in the
 *       boot loader before anything touches it ({@code dev.tcpwrap.agent.BootstrapClasses}); never
 *       as a plain class of the agent jar (a second copy in the app loader would be a silent
 *       no-op).
 *   <li>Never throws into the caller, never takes a lock, never blocks (the filter may, for DNS).
 * </ul>
 *
 * {@code filter == null} means "pass everything": the built-in kill switch.
 */
public final class AcceptGate {

  /** The engine side of the gate, implemented in the agent's class loader. */
  public interface Filter {
    /**
     * Decides one accepted connection.
     *
     * @param connection a {@code Socket}, {@code SocketChannel} or {@code
     *     AsynchronousSocketChannel}
     * @return {@code true} only if the connection was refused and has already been closed
     */
    boolean refuse(Object listener, Object connection);

    /**
     * A native TCP server channel (Netty's epoll, kqueue or io_uring, possibly relocated) was
     * constructed: its accepts are to be checked.
     */
    default void nativeListener(Object channel) {}

    /**
     * Decides one connection accepted in native code.
     *
     * @param listener Netty's listening {@code Socket} (epoll, kqueue) or server channel (io_uring)
     * @param fd the accepted descriptor
     * @param address the peer as Netty's accept reports it, {@code null} to ask the kernel
     * @return {@code true} only if the connection was refused and its descriptor already closed
     */
    default boolean refuseNative(Object listener, int fd, byte[] address) {
      return false;
    }

    /**
     * Decides one connection accepted by Tomcat's APR connector.
     *
     * @param endpoint Tomcat's {@code AprEndpoint}
     * @param socket the accepted socket's APR handle
     * @return {@code true} only if the connection was refused and its socket already destroyed
     */
    default boolean refuseApr(Object endpoint, long socket) {
      return false;
    }

    /**
     * After an attach: decides a connection of Tomcat's APR connector that a {@code
     * serverSocketAccept()} running since before the attach returned unchecked, as the acceptor
     * hands it on. A refused one is destroyed as Tomcat destroys a socket it drops (its connection
     * count goes down too).
     *
     * @return {@code true} only if the connection was refused and its socket already destroyed
     */
    default boolean refuseAprHandedOn(Object endpoint, long socket) {
      return false;
    }
  }

  /** Installed by the agent; {@code null} lets every connection through. */
  public static volatile Filter filter;

  /** What to do if the filter itself throws: {@code true} = close and refuse (onerror=deny). */
  public static volatile boolean denyOnError = true;

  /** Failures that escaped the filter (the filter normally handles its own). */
  public static final AtomicLong ESCAPED_FAILURES = new AtomicLong();

  /** The last connection this thread let through, so an outer layer does not decide it again. */
  private static final ThreadLocal<WeakReference<Object>> LAST_PASSED = new ThreadLocal<>();

  private AcceptGate() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /**
   * Called by the exit advice with the listening socket ({@code this} of the instrumented {@code
   * accept()}), whose address tells whether its IPv4 clients are IPv4-mapped (an IPv6 listener) for
   * the log line.
   *
   * @return {@code true} if the connection was refused and closed, so the accept must repeat
   */
  public static boolean refuse(Object listener, Object connection) {
    Filter f = filter;
    if (connection == null || f == null || alreadyPassed(connection)) {
      return false;
    }
    boolean refused;
    try {
      refused = f.refuse(listener, connection);
    } catch (Throwable t) {
      ESCAPED_FAILURES.incrementAndGet();
      refused = denyOnError;
      if (refused) {
        closeQuietly(connection);
      }
    }
    if (!refused) {
      LAST_PASSED.set(new WeakReference<>(connection));
    }
    return refused;
  }

  // an adaptor Socket over a channel (or the same object) that a deeper layer already let through
  private static boolean alreadyPassed(Object connection) {
    WeakReference<Object> ref = LAST_PASSED.get();
    Object last = ref == null ? null : ref.get();
    if (last == null) {
      return false;
    }
    boolean same =
        last == connection
            || (connection instanceof Socket && ((Socket) connection).getChannel() == last);
    if (same) {
      LAST_PASSED.remove();
    }
    return same;
  }

  /**
   * Called by the constructor advice of Netty's native TCP server channels.
   *
   * @param channel the new server channel
   */
  public static void nativeListener(Object channel) {
    Filter f = filter;
    if (f == null) {
      return;
    }
    try {
      f.nativeListener(channel);
    } catch (Throwable t) {
      ESCAPED_FAILURES.incrementAndGet();
    }
  }

  /**
   * Called by the advice on Netty's native accept: refuse or pass. Only the filter can close a
   * native descriptor (through Netty's own classes), so a failure that escapes it lets the
   * connection pass rather than return a descriptor that may or may not be closed.
   *
   * @return {@code true} if the connection was refused and its descriptor closed: accept again
   */
  public static boolean refuseNative(Object listener, int fd, byte[] address) {
    Filter f = filter;
    if (fd < 0 || f == null) {
      return false;
    }
    try {
      return f.refuseNative(listener, fd, address);
    } catch (Throwable t) {
      ESCAPED_FAILURES.incrementAndGet();
      return false;
    }
  }

  /**
   * Called by the advice on Tomcat's APR accept: refuse or pass. As for Netty, only the filter can
   * destroy an APR socket, so a failure that escapes it lets the connection pass.
   *
   * @return {@code true} if the connection was refused and its socket destroyed: accept again
   */
  public static boolean refuseApr(Object endpoint, long socket) {
    Filter f = filter;
    if (socket == 0 || f == null) {
      return false;
    }
    boolean refused;
    try {
      refused = f.refuseApr(endpoint, socket);
    } catch (Throwable t) {
      ESCAPED_FAILURES.incrementAndGet();
      refused = false;
    }
    if (!refused) {
      AttachGate.aprPassed(socket);
    }
    return refused;
  }

  /**
   * Wraps the handler of {@code AsynchronousServerSocketChannel.accept(A, CompletionHandler)}.
   *
   * @return the handler to use instead; the original if no filter is installed or it is already
   *     wrapped
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static CompletionHandler wrapHandler(
      AsynchronousServerSocketChannel server, CompletionHandler handler) {
    if (filter == null || handler == null || handler instanceof GateHandler) {
      return handler;
    }
    return new GateHandler(server, handler);
  }

  /**
   * Implements the Future form of {@code AsynchronousServerSocketChannel.accept()} on top of the
   * (gated) CompletionHandler form.
   *
   * @return the future to return, or {@code null} to run the original method (no filter installed)
   */
  public static Future<AsynchronousSocketChannel> acceptFuture(
      AsynchronousServerSocketChannel server) {
    if (filter == null) {
      return null;
    }
    GateFuture future = new GateFuture();
    server.accept(null, future); // instrumented: the handler gets wrapped in a GateHandler
    return future;
  }

  /** Closes a connection of any kind, ignoring every failure: it is unusable either way. */
  public static void closeQuietly(Object connection) {
    try {
      if (connection instanceof Closeable) {
        ((Closeable) connection).close();
      }
    } catch (Throwable ignored) {
      // nothing sensible left to do
    }
  }
}
