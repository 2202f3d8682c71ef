package dev.tcpwrap.agent.instrument;

import dev.tcpwrap.agent.bootstrap.AcceptGate;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Exit advice for the blocking/non-blocking {@code accept()} of {@code ServerSocket} (and every
 * subclass that declares it) and of {@code ServerSocketChannel} implementations.
 *
 * <p>Inlined into JDK classes: it may reference only JDK types and the bootstrap {@link
 * AcceptGate}. Returning {@code true} (refused, already closed) makes Byte Buddy run the whole
 * {@code accept()} again, so the application receives the next permitted connection (or {@code
 * null} in non-blocking mode). An exception thrown by {@code accept()} itself skips the advice and
 * reaches the caller unchanged.
 */
public final class AcceptAdvice {

  private AcceptAdvice() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /**
   * @param listener the server socket or channel whose {@code accept()} returned
   * @param accepted the returned connection, {@code null} in non-blocking mode when nothing is
   *     pending
   * @return {@code true} to repeat the accept
   */
  @Advice.OnMethodExit(repeatOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
  public static boolean exit(
      @Advice.This Object listener,
      @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object accepted) {
    return AcceptGate.refuse(listener, accepted);
  }
}
