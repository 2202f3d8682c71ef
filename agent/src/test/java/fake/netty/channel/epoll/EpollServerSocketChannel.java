package fake.netty.channel.epoll;

import fake.netty.channel.unix.FileDescriptor;
import fake.netty.channel.unix.UnixChannel;

/**
 * Stands in for Netty's epoll server channel, whose {@code fd()} is implemented in a
 * package-private super class, as Netty's is.
 */
public final class EpollServerSocketChannel extends AbstractChannel {
  public EpollServerSocketChannel(int fd) {
    super(new LinuxSocket(fd));
  }
}

abstract class AbstractChannel implements UnixChannel {
  private final LinuxSocket socket;

  AbstractChannel(LinuxSocket socket) {
    this.socket = socket;
  }

  @Override
  public final FileDescriptor fd() {
    return socket;
  }
}

final class LinuxSocket extends fake.netty.channel.unix.Socket {
  LinuxSocket(int fd) {
    super(fd);
  }
}
