package dev.tcpwrap.agent.gate;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * The few public members of one copy of Netty's {@code channel.unix} classes that the agent needs
 * for a natively accepted descriptor: its two addresses, the bytes of a rule's banner or twist, its
 * socket options, and closing it. Found by reflection from the listener's own classes, so a
 * relocated copy (gRPC's) is served by its own classes and the agent depends on no Netty type.
 */
final class NettyNative {

  private static final MethodType TO_ADDRESS = MethodType.methodType(InetSocketAddress.class);

  private final MethodHandle newSocket;
  private final MethodHandle remoteAddress;
  private final MethodHandle localAddress;
  private final MethodHandle close;
  private final MethodHandle read;
  private final MethodHandle write;
  private final MethodHandle setKeepAlive;
  private final MethodHandle setSoLinger;

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
    MethodType io = MethodType.methodType(int.class, ByteBuffer.class, int.class, int.class);
    MethodType ioOnObject =
        MethodType.methodType(int.class, Object.class, ByteBuffer.class, int.class, int.class);
    read = lookup.findVirtual(socketClass, "read", io).asType(ioOnObject);
    write = lookup.findVirtual(socketClass, "write", io).asType(ioOnObject);
    setKeepAlive =
        lookup
            .findVirtual(
                socketClass, "setKeepAlive", MethodType.methodType(void.class, boolean.class))
            .asType(MethodType.methodType(void.class, Object.class, boolean.class));
    setSoLinger =
        lookup
            .findVirtual(socketClass, "setSoLinger", MethodType.methodType(void.class, int.class))
            .asType(MethodType.methodType(void.class, Object.class, int.class));
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

  /**
   * Reads what is there, without waiting (Netty's descriptors are non-blocking).
   *
   * @param buf a direct buffer
   * @return the bytes read, 0 if none are there yet, -1 at the end of the stream
   */
  int read(int fd, ByteBuffer buf) throws Throwable {
    int n =
        (int)
            read.invokeExact((Object) newSocket.invokeExact(fd), buf, buf.position(), buf.limit());
    if (n > 0) {
      buf.position(buf.position() + n);
    }
    return n;
  }

  /**
   * Writes what fits, without waiting.
   *
   * @param buf a direct buffer
   * @return the bytes written, 0 if the send buffer is full
   */
  int write(int fd, ByteBuffer buf) throws Throwable {
    int n =
        (int)
            write.invokeExact((Object) newSocket.invokeExact(fd), buf, buf.position(), buf.limit());
    if (n > 0) {
      buf.position(buf.position() + n);
    }
    return n;
  }

  void setKeepAlive(int fd, boolean on) throws Throwable {
    setKeepAlive.invokeExact((Object) newSocket.invokeExact(fd), on);
  }

  /**
   * @param seconds negative turns lingering off
   */
  void setSoLinger(int fd, int seconds) throws Throwable {
    setSoLinger.invokeExact((Object) newSocket.invokeExact(fd), seconds);
  }

  /** Closes a descriptor the way Netty does. */
  void close(int fd) throws Throwable {
    close.invokeExact((Object) newSocket.invokeExact(fd));
  }
}
