package fake.netty.channel.unix;

import java.net.InetSocketAddress;

/** Stands in for Netty's {@code channel.unix.Socket}: a fixed listening and peer address. */
public class Socket extends FileDescriptor {
  public Socket(int fd) {
    super(fd);
  }

  public final int accept(byte[] address) {
    return -1;
  }

  public final InetSocketAddress remoteAddress() {
    return new InetSocketAddress("127.0.0.2", 40000 + fd);
  }

  public final void setKeepAlive(boolean on) {}

  public final void setSoLinger(int seconds) {}

  public final InetSocketAddress localAddress() {
    return new InetSocketAddress("127.0.0.1", 8080);
  }
}
