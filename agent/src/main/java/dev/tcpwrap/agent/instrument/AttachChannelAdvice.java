package dev.tcpwrap.agent.instrument;

import dev.tcpwrap.agent.bootstrap.AttachGate;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import net.bytebuddy.asm.Advice;

/**
 * After an attach: exit advice for {@code sun.nio.ch.ServerSocketChannelImpl.finishAccept}, which
 * {@code accept()} calls as a new call once a connection was accepted, so it has advice even when
 * the {@code accept()} frame predates the attach; see {@link AttachGate#acceptedChannel}.
 */
public final class AttachChannelAdvice {

  private AttachChannelAdvice() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /**
   * @param server the listening channel
   * @param channel the accepted channel, replaced by the next one if it is refused
   */
  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(
      @Advice.This ServerSocketChannel server,
      @Advice.Return(readOnly = false) SocketChannel channel) {
    channel = AttachGate.acceptedChannel(server, channel);
  }
}
