package dev.tcpwrap.agent.instrument;

import dev.tcpwrap.agent.bootstrap.AcceptGate;
import net.bytebuddy.asm.Advice;

/**
 * Exit advice for {@code serverSocketAccept() : Long} of Tomcat 9's {@code AprEndpoint}, whose
 * acceptor thread accepts through libtcnative: the method returns the accepted socket's APR handle.
 * The acceptor calls it through a bridge ({@code Object serverSocketAccept()}); the advice is on
 * the real method, so it runs once per accept.
 *
 * <p>Inlined into Tomcat's class, so it names no Tomcat type. A refused connection's socket is
 * destroyed by the gate and the native accept runs again, so the acceptor only ever gets an allowed
 * socket, with its connection count still right. It must never throw: an exception makes Tomcat's
 * acceptor pause with growing delays.
 */
public final class AprAcceptAdvice {

  private AprAcceptAdvice() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /**
   * @param endpoint the {@code AprEndpoint}
   * @param socket the accepted socket's APR handle
   * @return {@code true} to accept again (the connection was refused and its socket destroyed)
   */
  @Advice.OnMethodExit(repeatOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
  public static boolean exit(@Advice.This Object endpoint, @Advice.Return Long socket) {
    return socket != null && AcceptGate.refuseApr(endpoint, socket.longValue());
  }
}
