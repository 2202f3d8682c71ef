package dev.tcpwrap.agent.instrument;

import dev.tcpwrap.agent.bootstrap.AcceptGate;
import net.bytebuddy.asm.Advice;

/**
 * Enter advice for {@code readComplete0(byte op, int res, int flags, short data, int outstanding)}
 * of Netty 4.2's io_uring server channel unsafe (any package prefix), where an accept completion
 * (single-shot or multishot) arrives with the new descriptor in {@code res}.
 *
 * <p>A refused descriptor is closed and {@code res} becomes {@code -EAGAIN}, the "nothing accepted"
 * completion Netty already handles: no child channel, no exception, and the accept stays armed
 * (multishot) or is armed again by the read-complete that follows (single-shot).
 */
public final class UringAcceptAdvice {

  /** Linux's EAGAIN, negated as io_uring reports errors. */
  static final int EAGAIN_NEGATIVE = -11;

  private UringAcceptAdvice() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /**
   * @param channel the server channel ({@code this$0} of the unsafe)
   * @param res the completion's result: the accepted descriptor, or a negated errno
   */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(
      @Advice.FieldValue("this$0") Object channel,
      @Advice.Argument(value = 1, readOnly = false) int res) {
    if (res >= 0 && AcceptGate.refuseNative(channel, res, null)) {
      res = EAGAIN_NEGATIVE;
    }
  }
}
