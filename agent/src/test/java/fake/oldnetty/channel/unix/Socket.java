package fake.oldnetty.channel.unix;

/** A Netty whose native accept is not the one the agent knows (another signature). */
public class Socket {
  public final int accept(byte[] address, int flags) {
    return -1;
  }
}
