package dev.tcpwrap.agent.instrument;

import dev.tcpwrap.agent.bootstrap.AcceptGate;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.util.concurrent.Future;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice for {@code AsynchronousServerSocketChannelImpl.accept()} (the Future form): the original
 * body is skipped and replaced by the gated CompletionHandler form behind a Future. If anything
 * fails before that (or no filter is installed), the original method runs as usual and throws its
 * own exceptions.
 */
public final class AsyncAcceptFutureAdvice {

  private AsyncAcceptFutureAdvice() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /**
   * @return the gated future, or {@code null} to run the original method
   */
  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
  public static Future<?> enter(@Advice.This AsynchronousServerSocketChannel self) {
    return AcceptGate.acceptFuture(self);
  }

  /** Returns the gated future when the original body was skipped. */
  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(
      @Advice.Enter Future<?> gated,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object result) {
    if (gated != null) {
      result = gated;
    }
  }
}
