package dev.tcpwrap.agent.instrument;

import dev.tcpwrap.agent.bootstrap.AttachGate;
import java.net.Socket;
import net.bytebuddy.asm.Advice;

/**
 * After an attach: exit advice for the method of {@code java.net.Socket} that {@code
 * ServerSocket.implAccept(Socket)} calls once the accepted connection is in the socket ({@code
 * postAccept()} on Java 17, {@code setConnectedImpl(SocketImpl)} on 25). It runs as a new call
 * after the wait for a connection, so it has advice even when the {@code accept()} frame above it
 * predates the attach; see {@link AttachGate#acceptedSocket}.
 */
public final class AttachSocketAdvice {

  private AttachSocketAdvice() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /**
   * @param socket the accepted socket
   */
  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Socket socket) {
    AttachGate.acceptedSocket(socket);
  }
}
