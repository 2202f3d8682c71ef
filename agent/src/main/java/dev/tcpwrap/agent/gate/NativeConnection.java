package dev.tcpwrap.agent.gate;

import dev.tcpwrap.core.action.SocketOptions;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * A connection accepted in native code, known to the agent only by a handle ({@link
 * NettyConnection}: Netty's descriptor; {@link AprConnection}: the socket of Tomcat's APR
 * connector). It is decided, given its banner and options, and closed through the library that
 * accepted it, before the library hands it on; closing it means the application never sees it.
 */
interface NativeConnection extends Closeable {

  /**
   * @return the client end, {@code null} if it is no IP address (not checked)
   */
  InetSocketAddress remote() throws IOException;

  /**
   * @return the server end
   */
  InetSocketAddress local() throws IOException;

  /**
   * @return the server end's port
   */
  int localPort() throws IOException;

  /**
   * @return whether the listener is bound to IPv6, so that its IPv4 clients are IPv4-mapped
   */
  boolean ipv6Listener();

  /**
   * Reads what is there, without waiting.
   *
   * @param buf a direct buffer
   * @return the bytes read, 0 if none are there yet, -1 at the end of the stream
   */
  int read(ByteBuffer buf) throws IOException;

  /**
   * Writes what fits, without waiting.
   *
   * @param buf a direct buffer
   * @return the bytes written, 0 if the send buffer is full
   */
  int write(ByteBuffer buf) throws IOException;

  /** Applies a rule's {@code keepalive} and {@code linger}; failures go to {@code warn}. */
  void apply(SocketOptions so, Consumer<String> warn);

  /**
   * @return whether a banner may be written to it: not where a TLS handshake is to come first
   */
  default boolean takesBanner() {
    return true;
  }

  /**
   * @return whether a {@code twist} command may have it after the accept has returned; if not, such
   *     a rule refuses it
   */
  default boolean twistable() {
    return true;
  }

  /** A read or write through a native library's Java side, whose failures may be any throwable. */
  @FunctionalInterface
  interface NativeIo {
    int run() throws Throwable;
  }

  /**
   * @param what the operation, for the message
   * @return what the call returned
   * @throws IOException its failure, as one
   */
  static int io(String what, NativeIo call) throws IOException {
    try {
      return call.run();
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException(what + " failed: " + t, t);
    }
  }
}
