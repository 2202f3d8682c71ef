package dev.tcpwrap.agent.instrument;

import dev.tcpwrap.agent.bootstrap.AcceptGate;
import net.bytebuddy.asm.Advice;

/**
 * Exit advice for {@code accept(byte[]) : int} of Netty's {@code channel.unix.Socket} (any package
 * prefix), the one native accept of the epoll and kqueue transports. It returns an accepted
 * descriptor, or -1 when nothing is pending.
 *
 * <p>Inlined into Netty's class, so it names no Netty type. A refused connection is closed by the
 * gate and the native accept runs again: the caller only ever gets an allowed descriptor or -1.
 * Stopping at the first refusal instead would strand the rest of the backlog, because 4.1's epoll
 * is edge-triggered and kqueue uses {@code EV_CLEAR}: no new event comes for connections already
 * pending.
 */
public final class NativeAcceptAdvice {

  private NativeAcceptAdvice() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /**
   * @param socket the listening socket
   * @param address where the native accept wrote the peer's address
   * @param fd the accepted descriptor, -1 if none was pending
   * @return {@code true} to accept again (the connection was refused and closed)
   */
  @Advice.OnMethodExit(repeatOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
  public static boolean exit(
      @Advice.This Object socket, @Advice.Argument(0) byte[] address, @Advice.Return int fd) {
    return fd >= 0 && AcceptGate.refuseNative(socket, fd, address);
  }
}
