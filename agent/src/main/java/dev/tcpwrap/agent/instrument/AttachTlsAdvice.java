package dev.tcpwrap.agent.instrument;

import dev.tcpwrap.agent.bootstrap.AttachGate;
import java.net.Socket;
import net.bytebuddy.asm.Advice;

/**
 * After an attach: exit advice for {@code sun.security.ssl.SSLSocketImpl.doneConnect()}, the last
 * step of {@code SSLServerSocketImpl.accept()} on the accepted socket, where a TLS socket accepted
 * by a frame that predates the attach is decided ({@link AttachGate#tlsConnected}).
 */
public final class AttachTlsAdvice {

  private AttachTlsAdvice() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /**
   * @param socket the TLS socket
   */
  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Socket socket) {
    AttachGate.tlsConnected(socket);
  }
}
