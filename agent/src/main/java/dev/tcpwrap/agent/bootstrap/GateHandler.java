package dev.tcpwrap.agent.bootstrap;

import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;

/**
 * Wraps an application's accept {@link CompletionHandler}: a refused channel is closed (by the
 * gate) and the accept is re-armed with the same attachment, so the application only ever sees
 * permitted connections.
 *
 * @param <A> the attachment type
 */
final class GateHandler<A> implements CompletionHandler<AsynchronousSocketChannel, A> {

  /** The channel to re-arm after a refusal. */
  private final AsynchronousServerSocketChannel server;

  /** The application's handler. */
  private final CompletionHandler<AsynchronousSocketChannel, ? super A> delegate;

  GateHandler(
      AsynchronousServerSocketChannel server,
      CompletionHandler<AsynchronousSocketChannel, ? super A> delegate) {
    this.server = server;
    this.delegate = delegate;
  }

  @Override
  public void completed(AsynchronousSocketChannel channel, A attachment) {
    if (!AcceptGate.refuse(server, channel)) {
      delegate.completed(channel, attachment);
      return;
    }
    try {
      server.accept(attachment, this); // not re-wrapped: wrapHandler recognises this class
    } catch (Throwable t) {
      delegate.failed(t, attachment);
    }
  }

  @Override
  public void failed(Throwable exc, A attachment) {
    delegate.failed(exc, attachment);
  }
}
