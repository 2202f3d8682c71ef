package dev.tcpwrap.agent.gate;

import dev.tcpwrap.core.action.ClientConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A connection accepted in native code, handed to a {@code twist} command. Netty's descriptors are
 * non-blocking and the JDK cannot wait on a bare descriptor, so the streams poll with short pauses;
 * they are used by the command's pump threads only, never by an event loop.
 */
final class NativeClientConnection implements ClientConnection {

  /** The pause while nothing can be read or written. */
  private static final long PAUSE_NANOS = 2_000_000L;

  private final NativeConnection connection;
  private final AtomicBoolean closed = new AtomicBoolean();

  NativeClientConnection(NativeConnection connection) {
    this.connection = connection;
  }

  @Override
  public InputStream in() {
    return new InputStream() {
      private final ByteBuffer buf = ByteBuffer.allocateDirect(8192);

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        while (true) {
          ensureOpen();
          buf.clear().limit(Math.min(len, buf.capacity()));
          int n = connection.read(buf);
          if (n > 0) {
            buf.flip().get(b, off, n);
            return n;
          }
          if (n < 0) {
            return -1;
          }
          LockSupport.parkNanos(PAUSE_NANOS);
        }
      }
    };
  }

  @Override
  public OutputStream out() {
    return new OutputStream() {
      private final ByteBuffer buf = ByteBuffer.allocateDirect(8192);

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
          int chunk = Math.min(len, buf.capacity());
          buf.clear();
          buf.put(b, off, chunk).flip();
          while (buf.hasRemaining()) {
            ensureOpen();
            if (connection.write(buf) == 0) {
              LockSupport.parkNanos(PAUSE_NANOS);
            }
          }
          off += chunk;
          len -= chunk;
        }
      }
    };
  }

  private void ensureOpen() throws IOException {
    if (closed.get()) {
      throw new IOException("connection closed");
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        connection.close();
      } catch (IOException | RuntimeException e) {
        // nothing left to do with it
      }
    }
  }

  @Override
  public String toString() {
    return connection.toString();
  }
}
