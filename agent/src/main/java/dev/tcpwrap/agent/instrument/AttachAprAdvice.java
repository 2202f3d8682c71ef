package dev.tcpwrap.agent.instrument;

import dev.tcpwrap.agent.bootstrap.AttachGate;
import net.bytebuddy.asm.Advice;

/**
 * After an attach only: advice for {@code setSocketOptions(Long) : boolean} of Tomcat 9's {@code
 * AprEndpoint}, where the acceptor hands each accepted socket on. The acceptor may have been
 * waiting in the native accept of a {@code serverSocketAccept()} call that started before the
 * attach and so runs without {@link AprAcceptAdvice}; the socket it returns is decided here ({@link
 * AttachGate#aprHandedOn}), every other one was decided already. A refused socket has been
 * destroyed, so the method is skipped and reports the socket as taken care of: the acceptor goes on
 * to the next accept.
 */
public final class AttachAprAdvice {

  private AttachAprAdvice() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /**
   * @param endpoint the {@code AprEndpoint}
   * @param socket the socket handed on
   * @return {@code true} to skip the method (the connection was refused and its socket destroyed)
   */
  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
  public static boolean enter(@Advice.This Object endpoint, @Advice.Argument(0) Long socket) {
    return socket != null && AttachGate.aprHandedOn(endpoint, socket.longValue());
  }

  /**
   * @param refused what {@link #enter} returned
   * @param handled the method's result: {@code true} for a refused socket, which Tomcat must not
   *     close again
   */
  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(
      @Advice.Enter boolean refused, @Advice.Return(readOnly = false) boolean handled) {
    if (refused) {
      handled = true;
    }
  }
}
