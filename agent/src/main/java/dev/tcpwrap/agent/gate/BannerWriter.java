package dev.tcpwrap.agent.gate;

import dev.tcpwrap.agent.bootstrap.AcceptGate;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes a {@code banners} file's bytes to an accepted connection on the accepting thread, as tcpd
 * does, but bounded in time: a client that does not read cannot hold the accept loop. A banner that
 * fits in the socket's send buffer (any banner of a few kilobytes) is written at once; one that
 * does not complete within the timeout ends with the connection closed ({@link Result#CLOSED}).
 *
 * <ul>
 *   <li>{@link Socket} and blocking {@link SocketChannel}: a blocking write, with a guard that
 *       closes the connection when the timeout passes (Java has no write timeout).
 *   <li>Non-blocking {@link SocketChannel}: writes what fits, retrying with short pauses until the
 *       deadline.
 *   <li>{@link AsynchronousSocketChannel}: writes waited for with the remaining time.
 *   <li>A connection accepted in native code (Netty, Tomcat's APR connector): as a non-blocking
 *       channel.
 *   <li>A TLS socket, or an APR connection of a TLS connector, gets no banner: the bytes would have
 *       to go through a handshake first.
 * </ul>
 */
final class BannerWriter {

  /** How a write ended. */
  enum Result {
    /** Every byte was written. */
    SENT,
    /** The write failed (the client is gone); the connection is left as it is. */
    FAILED,
    /** The write did not complete in time: the connection has been closed. */
    CLOSED,
    /** Not written (TLS, unknown connection type). */
    SKIPPED
  }

  private static volatile ScheduledThreadPoolExecutor guards;

  private final Duration timeout;

  /**
   * @param timeout how long one banner write may take
   */
  BannerWriter(Duration timeout) {
    this.timeout = timeout;
  }

  /**
   * @param connection the accepted connection
   * @param bytes the banner
   * @return how the write ended; never throws
   */
  Result write(Object connection, byte[] bytes) {
    if (bytes.length == 0) {
      return Result.SENT;
    }
    try {
      if (connection instanceof javax.net.ssl.SSLSocket) {
        return Result.SKIPPED;
      }
      if (connection instanceof Socket s) {
        SocketChannel ch = s.getChannel();
        if (ch != null) {
          return write(ch, bytes);
        }
        return guarded(
            s,
            () -> {
              OutputStream out = s.getOutputStream(); // not closed: that would close the socket
              out.write(bytes);
              out.flush();
            });
      }
      if (connection instanceof SocketChannel ch) {
        return write(ch, bytes);
      }
      if (connection instanceof AsynchronousSocketChannel ch) {
        return write(ch, bytes);
      }
      if (connection instanceof NativeConnection n) {
        return n.takesBanner() ? write(n, bytes) : Result.SKIPPED;
      }
      return Result.SKIPPED;
    } catch (RuntimeException e) {
      return Result.FAILED;
    }
  }

  private Result write(SocketChannel ch, byte[] bytes) {
    ByteBuffer bb = ByteBuffer.wrap(bytes);
    if (ch.isBlocking()) {
      return guarded(
          ch,
          () -> {
            while (bb.hasRemaining()) {
              ch.write(bb);
            }
          });
    }
    return writeUntilDeadline(ch, bb, ch::write);
  }

  /** A write that takes what fits and never waits. */
  @FunctionalInterface
  private interface NonBlockingWrite {
    int write(ByteBuffer bb) throws IOException;
  }

  // writes what fits, pausing while the client's window is full, until done or the deadline
  private Result writeUntilDeadline(Object connection, ByteBuffer bb, NonBlockingWrite w) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (bb.hasRemaining()) {
        if (w.write(bb) == 0) {
          if (System.nanoTime() - deadline >= 0) {
            AcceptGate.closeQuietly(connection);
            return Result.CLOSED;
          }
          LockSupport.parkNanos(1_000_000L); // wait a little, never spin
        }
      }
      return Result.SENT;
    } catch (IOException | RuntimeException e) {
      return Result.FAILED;
    }
  }

  // native writes do not wait: as for a non-blocking channel
  private Result write(NativeConnection n, byte[] bytes) {
    return writeUntilDeadline(
        n, ByteBuffer.allocateDirect(bytes.length).put(bytes).flip(), n::write);
  }

  private Result write(AsynchronousSocketChannel ch, byte[] bytes) {
    ByteBuffer bb = ByteBuffer.wrap(bytes);
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (bb.hasRemaining()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new TimeoutException();
        }
        ch.write(bb).get(left, TimeUnit.NANOSECONDS);
      }
      return Result.SENT;
    } catch (TimeoutException e) {
      AcceptGate.closeQuietly(
          ch); // a pending write would make the application's first write fail anyway
      return Result.CLOSED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      AcceptGate.closeQuietly(ch);
      return Result.CLOSED;
    } catch (ExecutionException | RuntimeException e) {
      return Result.FAILED;
    }
  }

  /**
   * A blocking write that may take at most the timeout: past it, the connection is closed under it.
   */
  private Result guarded(Closeable connection, IoAction write) {
    AtomicBoolean fired = new AtomicBoolean();
    ScheduledFuture<?> guard =
        guards()
            .schedule(
                () -> {
                  fired.set(true);
                  AcceptGate.closeQuietly(connection);
                },
                timeout.toNanos(),
                TimeUnit.NANOSECONDS);
    try {
      write.run();
    } catch (IOException | RuntimeException e) {
      return fired.get() ? Result.CLOSED : Result.FAILED;
    } finally {
      guard.cancel(false);
    }
    return fired.get() ? Result.CLOSED : Result.SENT;
  }

  /** A write that may throw. */
  @FunctionalInterface
  private interface IoAction {
    void run() throws IOException;
  }

  private static ScheduledThreadPoolExecutor guards() {
    ScheduledThreadPoolExecutor g = guards;
    if (g == null) {
      synchronized (BannerWriter.class) {
        g = guards;
        if (g == null) {
          g =
              new ScheduledThreadPoolExecutor(
                  1,
                  r -> {
                    Thread t = new Thread(r, "tcpwrap-banner-guard");
                    t.setDaemon(true);
                    return t;
                  });
          g.setRemoveOnCancelPolicy(true);
          g.setKeepAliveTime(5, TimeUnit.SECONDS);
          g.allowCoreThreadTimeOut(true);
          guards = g;
        }
      }
    }
    return g;
  }
}
