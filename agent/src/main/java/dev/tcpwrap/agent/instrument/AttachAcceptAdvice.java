package dev.tcpwrap.agent.instrument;

import dev.tcpwrap.agent.bootstrap.AttachGate;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * {@link AcceptAdvice} for an agent attached at run time: the same decision and repeat, and while
 * the {@code accept()} runs the thread is marked as inside an instrumented one. The hooks deeper in
 * the accept path ({@link AttachSocketAdvice}, {@link AttachTlsAdvice}, {@link
 * AttachChannelAdvice}) leave a connection to this advice when the mark is there, and decide it
 * themselves when it is not: then the {@code accept()} frame above them was already running when
 * the agent arrived, and it runs the code without advice.
 *
 * <p>The exit advice also runs when {@code accept()} throws (a timeout, a close), so that the mark
 * never outlives the call; the exception reaches the caller unchanged.
 */
public final class AttachAcceptAdvice {

  private AttachAcceptAdvice() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /**
   * @return the thread's accept counter
   */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static int[] enter() {
    return AttachGate.enterAccept();
  }

  /**
   * @param depth the thread's accept counter, {@code null} if the entry advice failed
   * @param listener the server socket or channel whose {@code accept()} returned
   * @param accepted the returned connection, {@code null} when nothing is pending or it threw
   * @return {@code true} to repeat the accept
   */
  @Advice.OnMethodExit(
      repeatOn = Advice.OnNonDefaultValue.class,
      suppress = Throwable.class,
      onThrowable = Throwable.class)
  public static boolean exit(
      @Advice.Enter int[] depth,
      @Advice.This Object listener,
      @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object accepted) {
    return AttachGate.exitAccept(depth, listener, accepted);
  }
}
