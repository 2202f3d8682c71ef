package dev.tcpwrap.core.action;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;

/**
 * An accepted client connection as {@code twist} needs it: a byte stream each way and a way to end
 * it. tcpd dups the socket onto the command's fds 0, 1 and 2; a JVM cannot hand its socket to a
 * child, so {@link TwistSession} pumps these streams to and from the command instead.
 *
 * <p>The agent wraps whichever kind of socket it intercepted ({@link #of(Socket)}, {@link
 * #of(SocketChannel)}, {@link #of(AsynchronousSocketChannel)}). The streams are used from pump
 * threads, never from the accepting thread.
 */
public interface ClientConnection {

  /** Bytes from the client; end of stream when the client half-closes or is gone. */
  InputStream in() throws IOException;

  /** Bytes to the client. */
  OutputStream out() throws IOException;

  /**
   * Ends the connection. Must not throw, and should not block for long (it may be called on the
   * accepting thread when a twist is dropped): an implementation should not use a long {@code
   * SO_LINGER}.
   */
  void close();

  /**
   * A classic socket. Closing either of its streams would close the socket, so neither is closed
   * here.
   */
  static ClientConnection of(Socket socket) {
    return new Closing(socket, "socket " + socket.getRemoteSocketAddress()) {
      @Override
      public InputStream in() throws IOException {
        return socket.getInputStream();
      }

      @Override
      public OutputStream out() throws IOException {
        return socket.getOutputStream();
      }
    };
  }

  /**
   * A channel (from a {@code ServerSocketChannel}). A non-blocking channel is switched to blocking
   * mode on first use, which works for a freshly accepted channel that no selector has registered
   * yet.
   *
   * <p>The streams call the channel directly: {@code Channels.newInputStream} would hold the
   * channel's blocking lock while a read waits, so the other pump could not write until the client
   * sends something.
   */
  static ClientConnection of(SocketChannel channel) {
    return new Closing(channel, "channel " + channel) {
      private void blocking() throws IOException {
        if (!channel.isBlocking()) {
          channel.configureBlocking(true);
        }
      }

      @Override
      public InputStream in() throws IOException {
        blocking();
        return new InputStream() {
          @Override
          public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
              return 0;
            }
            int n;
            do {
              n = channel.read(ByteBuffer.wrap(b, off, len));
            } while (n == 0);
            return n;
          }
        };
      }

      @Override
      public OutputStream out() throws IOException {
        blocking();
        return new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer bb = ByteBuffer.wrap(b, off, len);
            while (bb.hasRemaining()) {
              channel.write(bb);
            }
          }
        };
      }
    };
  }

  /** An asynchronous channel (NIO.2); the streams wait on its futures. */
  static ClientConnection of(AsynchronousSocketChannel channel) {
    return new Closing(channel, "async channel " + channel) {
      @Override
      public InputStream in() {
        return Channels.newInputStream(channel);
      }

      @Override
      public OutputStream out() {
        return Channels.newOutputStream(channel);
      }
    };
  }

  /** The closing and naming every kind of connection shares: close quietly, say what it is. */
  abstract class Closing implements ClientConnection {
    private final java.io.Closeable connection;
    private final String label;

    Closing(java.io.Closeable connection, String label) {
      this.connection = connection;
      this.label = label;
    }

    @Override
    public void close() {
      try {
        connection.close();
      } catch (IOException | RuntimeException e) {
        // nothing more to do: the connection is gone either way
      }
    }

    @Override
    public String toString() {
      return label;
    }
  }
}
