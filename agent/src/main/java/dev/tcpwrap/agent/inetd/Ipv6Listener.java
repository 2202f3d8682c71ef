package dev.tcpwrap.agent.inetd;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.channels.NetworkChannel;
import java.util.Set;

/**
 * The inetd's listening socket, as far as it is known here: IPv6, and its port. It is not this
 * process's and cannot be used; only its address is read.
 */
final class Ipv6Listener implements NetworkChannel {
  private final InetSocketAddress address;

  Ipv6Listener(InetSocketAddress address) {
    this.address = address;
  }

  @Override
  public SocketAddress getLocalAddress() {
    return address;
  }

  @Override
  public NetworkChannel bind(SocketAddress local) {
    throw new UnsupportedOperationException("the inetd's listening socket");
  }

  @Override
  public <T> NetworkChannel setOption(SocketOption<T> name, T value) {
    throw new UnsupportedOperationException("the inetd's listening socket");
  }

  @Override
  public <T> T getOption(SocketOption<T> name) {
    throw new UnsupportedOperationException("the inetd's listening socket");
  }

  @Override
  public Set<SocketOption<?>> supportedOptions() {
    return Set.of();
  }

  @Override
  public boolean isOpen() {
    return false;
  }

  @Override
  public void close() {}
}
