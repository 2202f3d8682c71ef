package dev.tcpwrap.agent.instrument;

import dev.tcpwrap.agent.bootstrap.AcceptGate;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.CompletionHandler;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Entry advice for {@code AsynchronousServerSocketChannelImpl.accept(A, CompletionHandler)}:
 * replaces the handler with a gated one that closes refused channels and re-arms the accept.
 */
public final class AsyncAcceptHandlerAdvice {

  private AsyncAcceptHandlerAdvice() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /**
   * @param self the server channel
   * @param handler the application's handler, replaced in place
   */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  @SuppressWarnings("rawtypes")
  public static void enter(
      @Advice.This AsynchronousServerSocketChannel self,
      @Advice.Argument(value = 1, readOnly = false, typing = Assigner.Typing.DYNAMIC)
          CompletionHandler handler) {
    handler = AcceptGate.wrapHandler(self, handler);
  }
}
