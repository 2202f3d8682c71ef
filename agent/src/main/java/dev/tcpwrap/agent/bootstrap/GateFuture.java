package dev.tcpwrap.agent.bootstrap;

import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.util.concurrent.CompletableFuture;

/**
 * The Future returned by a gated {@code AsynchronousServerSocketChannel.accept()}: completed by the
 * gated CompletionHandler form, so it only ever completes with a permitted connection.
 *
 * <p>Differences from the JDK's future: {@code cancel} does not disarm the pending accept; a
 * connection that arrives after a cancel is closed rather than leaked.
 */
final class GateFuture extends CompletableFuture<AsynchronousSocketChannel>
    implements CompletionHandler<AsynchronousSocketChannel, Object> {

  @Override
  public void completed(AsynchronousSocketChannel channel, Object attachment) {
    if (!complete(channel)) {
      AcceptGate.closeQuietly(channel);
    }
  }

  @Override
  public void failed(Throwable exc, Object attachment) {
    completeExceptionally(exc);
  }
}
