package dev.tcpwrap.agent.gate;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetSocketAddress;

/**
 * The few public members of one copy of Netty's {@code channel.unix} classes that the agent needs
 * for a natively accepted descriptor: its two addresses and closing it. Found by reflection from
 * the listener's own classes, so a relocated copy (gRPC's) is served by its own classes and the
 * agent depends on no Netty type.
 */
final class NettyNative {

  private static final MethodType TO_ADDRESS = MethodType.methodType(InetSocketAddress.class);

  private final MethodHandle newSocket;
  private final MethodHandle remoteAddress;
  private final MethodHandle localAddress;
  private final MethodHandle close;

  private NettyNative(Class<?> socketClass) throws ReflectiveOperationException {
    MethodHandles.Lookup lookup = MethodHandles.publicLookup();
    newSocket =
        lookup
            .findConstructor(socketClass, MethodType.methodType(void.class, int.class))
            .asType(MethodType.methodType(Object.class, int.class));
    remoteAddress =
        lookup
            .findVirtual(socketClass, "remoteAddress", TO_ADDRESS)
            .asType(MethodType.methodType(InetSocketAddress.class, Object.class));
    localAddress =
        lookup
            .findVirtual(socketClass, "localAddress", TO_ADDRESS)
            .asType(MethodType.methodType(InetSocketAddress.class, Object.class));
    close =
        lookup
            .findVirtual(socketClass, "close", MethodType.methodType(void.class))
            .asType(MethodType.methodType(void.class, Object.class));
  }

  /**
   * @param socket a Netty {@code channel.unix.Socket} (or subclass) of the copy wanted
   * @return that copy's members
   * @throws ReflectiveOperationException if they are not what the agent expects
   */
  static NettyNative of(Object socket) throws ReflectiveOperationException {
    for (Class<?> c = socket.getClass(); c != null; c = c.getSuperclass()) {
      if (c.getName().endsWith(".channel.unix.Socket")) {
        return new NettyNative(c);
      }
    }
    throw new ClassNotFoundException("no channel.unix.Socket above " + socket.getClass().getName());
  }

  /**
   * @return the listening or connected socket's own address
   */
  InetSocketAddress localAddress(Object socket) throws Throwable {
    return (InetSocketAddress) localAddress.invokeExact(socket);
  }

  /**
   * @return the address of the peer of a connected descriptor ({@code getpeername})
   */
  InetSocketAddress remoteAddress(int fd) throws Throwable {
    return (InetSocketAddress) remoteAddress.invokeExact((Object) newSocket.invokeExact(fd));
  }

  /**
   * @return the local address of a connected descriptor ({@code getsockname})
   */
  InetSocketAddress localAddress(int fd) throws Throwable {
    return (InetSocketAddress) localAddress.invokeExact((Object) newSocket.invokeExact(fd));
  }

  /** Closes a descriptor the way Netty does. */
  void close(int fd) throws Throwable {
    close.invokeExact((Object) newSocket.invokeExact(fd));
  }
}
