package dev.tcpwrap.agent.instrument;

import dev.tcpwrap.agent.bootstrap.AttachGate;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.util.concurrent.Future;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * After an attach: exit advice for {@code
 * sun.nio.ch.UnixAsynchronousServerSocketChannelImpl.finishAccept}, which runs before the pending
 * accept's handler (or Future) is read from the channel's fields and completed. An accept armed
 * before the attach went past the wrapping entry advice of {@code accept(A, CompletionHandler)};
 * see {@link AttachGate#acceptedAsync}.
 */
public final class AttachAsyncAdvice {

  private AttachAsyncAdvice() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /**
   * @param server the listening channel
   * @param handler the pending accept's handler, wrapped in place
   * @param future the pending accept's Future (when it has no handler)
   * @param child the accepted channel
   */
  @Advice.OnMethodExit(suppress = Throwable.class)
  @SuppressWarnings("rawtypes")
  public static void exit(
      @Advice.This AsynchronousServerSocketChannel server,
      @Advice.FieldValue(
              value = "acceptHandler",
              readOnly = false,
              typing = Assigner.Typing.DYNAMIC)
          CompletionHandler handler,
      @Advice.FieldValue(value = "acceptFuture", typing = Assigner.Typing.DYNAMIC) Future future,
      @Advice.Return AsynchronousSocketChannel child) {
    handler = AttachGate.acceptedAsync(server, handler, future, child);
  }
}
