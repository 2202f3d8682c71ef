package dev.tcpwrap.agent.inetd;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.SocketChannel;
import java.util.Set;

/**
 * The inherited connection as the filter sees it: every call goes to the JDK's inherited channel,
 * except that closing it only shuts the connection down (the client sees the end at once, and no
 * byte more reaches it). The real close is left to the process exit.
 *
 * <p>Why not close: the JDK closes an inherited channel by pointing file descriptors 0, 1 and 2 at
 * the null device ({@code InheritedChannel.detachIOStreams}), and the filter logs a refusal after
 * it closed the connection. Where standard error is not the connection (systemd with {@code
 * StandardError=journal}, socat), the refusal line would then go to the null device instead of the
 * log.
 */
final class ShutdownOnCloseChannel extends SocketChannel {

  private final SocketChannel inherited;

  ShutdownOnCloseChannel(SocketChannel inherited) {
    super(inherited.provider());
    this.inherited = inherited;
  }

  @Override
  public SocketChannel bind(SocketAddress local) throws IOException {
    inherited.bind(local);
    return this;
  }

  @Override
  public <T> SocketChannel setOption(SocketOption<T> name, T value) throws IOException {
    inherited.setOption(name, value);
    return this;
  }

  @Override
  public <T> T getOption(SocketOption<T> name) throws IOException {
    return inherited.getOption(name);
  }

  @Override
  public Set<SocketOption<?>> supportedOptions() {
    return inherited.supportedOptions();
  }

  @Override
  public SocketChannel shutdownInput() throws IOException {
    inherited.shutdownInput();
    return this;
  }

  @Override
  public SocketChannel shutdownOutput() throws IOException {
    inherited.shutdownOutput();
    return this;
  }

  @Override
  public Socket socket() {
    return inherited.socket();
  }

  @Override
  public boolean isConnected() {
    return inherited.isConnected();
  }

  @Override
  public boolean isConnectionPending() {
    return inherited.isConnectionPending();
  }

  @Override
  public boolean connect(SocketAddress remote) throws IOException {
    return inherited.connect(remote);
  }

  @Override
  public boolean finishConnect() throws IOException {
    return inherited.finishConnect();
  }

  @Override
  public SocketAddress getRemoteAddress() throws IOException {
    return inherited.getRemoteAddress();
  }

  @Override
  public SocketAddress getLocalAddress() throws IOException {
    return inherited.getLocalAddress();
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    ensureOpen();
    return inherited.read(dst);
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
    ensureOpen();
    return inherited.read(dsts, offset, length);
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    ensureOpen();
    return inherited.write(src);
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    ensureOpen();
    return inherited.write(srcs, offset, length);
  }

  @Override
  protected void implCloseSelectableChannel() {
    shutdown(true);
    shutdown(false);
  }

  // each direction on its own: one that fails (already shut down, peer gone) must not keep the
  // other open
  private void shutdown(boolean input) {
    try {
      if (input) {
        inherited.shutdownInput();
      } else {
        inherited.shutdownOutput();
      }
    } catch (IOException | NotYetConnectedException e) {
      // the client is gone already: nothing left to end
    }
  }

  @Override
  protected void implConfigureBlocking(boolean block) throws IOException {
    inherited.configureBlocking(block);
  }

  // after close the connection is shut down: say so as a closed channel does
  private void ensureOpen() throws ClosedChannelException {
    if (!isOpen()) {
      throw new ClosedChannelException();
    }
  }
}
