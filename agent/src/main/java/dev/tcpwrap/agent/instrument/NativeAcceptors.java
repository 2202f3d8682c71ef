package dev.tcpwrap.agent.instrument;

/**
 * Server channels that accept in native code, out of the agent's reach: Netty's epoll, io_uring and
 * kqueue transports, also relocated copies of them (gRPC's {@code grpc-netty-shaded} uses epoll by
 * default on Linux). Their loading is the one sign the agent gets that a listener it cannot see is
 * about to accept, so it says so instead of letting a user believe the port is protected.
 */
final class NativeAcceptors {

  /**
   * Internal-name suffixes of the native server channels, after the (possibly relocated) Netty
   * package.
   */
  private static final String[] SUFFIXES = {
    "channel/epoll/EpollServerSocketChannel",
    "channel/uring/IoUringServerSocketChannel",
    "incubator/channel/uring/IOUringServerSocketChannel",
    "channel/kqueue/KQueueServerSocketChannel"
  };

  private NativeAcceptors() {}

  /**
   * @param internalName a class name in internal form ({@code
   *     io/netty/channel/epoll/EpollServerSocketChannel})
   * @return the warning to log when this class is a native acceptor, else {@code null}
   */
  static String warning(String internalName) {
    for (String suffix : SUFFIXES) {
      if (internalName.endsWith(suffix)
          && internalName.length() > suffix.length()
          && internalName.charAt(internalName.length() - suffix.length() - 1) == '/') {
        String pkg =
            internalName.substring(0, internalName.length() - suffix.length()).replace('/', '.');
        return internalName.replace('/', '.')
            + " accepts connections in native code: the agent cannot see them,"
            + " so connections accepted through it are NOT checked against the rules; use the NIO transport"
            + " instead (-D"
            + pkg
            + "transport.noNative=true where the framework falls back to it)";
      }
    }
    return null;
  }
}
