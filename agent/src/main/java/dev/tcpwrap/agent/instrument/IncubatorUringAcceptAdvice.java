package dev.tcpwrap.agent.instrument;

import dev.tcpwrap.agent.bootstrap.AcceptGate;
import net.bytebuddy.asm.Advice;

/**
 * {@link UringAcceptAdvice} for Netty 4.1's incubator io_uring transport ({@code
 * io.netty.incubator.channel.uring}), whose accept completions arrive at {@code readComplete0(int
 * res, int data, int outstanding)} of its server channel unsafe.
 */
public final class IncubatorUringAcceptAdvice {

  private IncubatorUringAcceptAdvice() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /**
   * @param channel the server channel ({@code this$0} of the unsafe)
   * @param res the completion's result: the accepted descriptor, or a negated errno
   */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(
      @Advice.FieldValue("this$0") Object channel,
      @Advice.Argument(value = 0, readOnly = false) int res) {
    if (res >= 0 && AcceptGate.refuseNative(channel, res, null)) {
      res = UringAcceptAdvice.EAGAIN_NEGATIVE;
    }
  }
}
