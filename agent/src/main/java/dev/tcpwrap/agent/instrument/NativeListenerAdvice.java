package dev.tcpwrap.agent.instrument;

import dev.tcpwrap.agent.bootstrap.AcceptGate;
import net.bytebuddy.asm.Advice;

/**
 * Exit advice for the constructors of Netty's native TCP server channels ({@code
 * EpollServerSocketChannel}, {@code KQueueServerSocketChannel}, {@code IoUringServerSocketChannel},
 * any package prefix). The native accept is shared with Unix-domain and VSOCK listeners, whose
 * peers are no IP addresses: only the listeners announced here are checked.
 */
public final class NativeListenerAdvice {

  private NativeListenerAdvice() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /**
   * @param channel the server channel just constructed
   */
  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object channel) {
    AcceptGate.nativeListener(channel);
  }
}
