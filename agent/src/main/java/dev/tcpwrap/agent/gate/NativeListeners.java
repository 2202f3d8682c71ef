package dev.tcpwrap.agent.gate;

import dev.tcpwrap.agent.instrument.NativeAcceptors;
import java.io.Closeable;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The TCP listeners of Netty's native transports that the agent checks, and the connections their
 * native accepts return. Netty's one native accept serves Unix-domain and VSOCK listeners too: a
 * listener counts only once its server channel's constructor announced it ({@link #announce}).
 *
 * <p>The accept path looks a listener up among a handful (one per listening port) by identity in an
 * array that is copied on the rare announcement: no lock, no allocation.
 */
final class NativeListeners {

  private volatile Listener[] listeners = new Listener[0];

  /** Listeners known not to be TCP (Unix-domain, VSOCK), so the kernel is asked once. */
  @SuppressWarnings("unchecked")
  private volatile WeakReference<Object>[] others = new WeakReference[0];

  /** Server channel classes already warned about, so each is named once. */
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  private final Consumer<String> warn;

  /**
   * @param warn where a warning about an unchecked listener goes
   */
  NativeListeners(Consumer<String> warn) {
    this.warn = warn;
  }

  /**
   * A server channel was constructed. Its accepts are checked from now on, if the agent's advice
   * reached the code it accepts in; otherwise the user is told, once per class.
   */
  void announce(Object channel) throws ReflectiveOperationException {
    Object socket = publicMethod(channel.getClass(), "fd").invoke(channel);
    boolean uring = channel.getClass().getName().contains(".channel.uring.");
    Object acceptor = uring ? channel.getClass().getMethod("unsafe").invoke(channel) : socket;
    if (!NativeAcceptors.hooked(acceptor.getClass())) {
      String name = channel.getClass().getName();
      if (warned.add(name)) {
        warn.accept(NativeAcceptors.warning(name, "its code is not what the agent expects"));
      }
      return;
    }
    Listener l = new Listener(uring ? channel : socket, socket, NettyNative.of(socket));
    synchronized (this) {
      List<Listener> next = new ArrayList<>();
      for (Listener old : listeners) {
        Object key = old.key.get();
        if (key == l.key.get()) {
          return; // a constructor calling another one announces twice
        }
        if (key != null) {
          next.add(old);
        }
      }
      next.add(l);
      listeners = next.toArray(new Listener[0]);
    }
  }

  // a public method, called through a public class or interface that declares it (Netty declares
  // fd() in package-private classes, and implements it for the public UnixChannel interface)
  static java.lang.reflect.Method publicMethod(Class<?> type, String name)
      throws NoSuchMethodException {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      for (Class<?> i : c.getInterfaces()) {
        try {
          return i.getMethod(name);
        } catch (NoSuchMethodException e) {
          // not this one
        }
      }
      if (java.lang.reflect.Modifier.isPublic(c.getModifiers())) {
        try {
          java.lang.reflect.Method m = c.getDeclaredMethod(name);
          if (java.lang.reflect.Modifier.isPublic(m.getModifiers())) {
            return m;
          }
        } catch (NoSuchMethodException e) {
          // declared further up
        }
      }
    }
    throw new NoSuchMethodException(type.getName() + "." + name + "()");
  }

  /**
   * @param key what the native accept advice passed: the listening socket (epoll, kqueue) or the
   *     server channel (io_uring)
   * @return the listener, {@code null} if it is none the agent checks
   */
  Listener find(Object key) {
    Listener l = announced(key);
    return l != null || notTcp(key) ? l : unannounced(key);
  }

  private Listener announced(Object key) {
    for (Listener l : listeners) {
      if (l.key.get() == key) {
        return l;
      }
    }
    return null;
  }

  private boolean notTcp(Object key) {
    for (WeakReference<Object> other : others) {
      if (other.get() == key) {
        return true;
      }
    }
    return false;
  }

  /**
   * A listener whose channel was built before the agent arrived (an attach) was never announced.
   * Whether it is TCP is asked of the kernel once; the answer, yes or no, is kept.
   */
  private Listener unannounced(Object key) {
    synchronized (this) {
      Listener known = announced(key);
      if (known != null || notTcp(key)) {
        return known;
      }
      Listener found = null;
      try {
        Object socket =
            key.getClass().getName().contains(".channel.uring.")
                ? publicMethod(key.getClass(), "fd").invoke(key)
                : key;
        int fd = (int) publicMethod(socket.getClass(), "intValue").invoke(socket);
        if (ProcListeners.isTcpListener(fd)) {
          found = new Listener(key, socket, NettyNative.of(socket));
        }
      } catch (ReflectiveOperationException | RuntimeException e) {
        found = null; // not a Netty object the agent knows: not checked, as before
      }
      if (found == null) {
        List<WeakReference<Object>> next = new ArrayList<>();
        for (WeakReference<Object> other : others) {
          if (other.get() != null) {
            next.add(other);
          }
        }
        next.add(new WeakReference<>(key));
        @SuppressWarnings("unchecked")
        WeakReference<Object>[] a = next.toArray(new WeakReference[0]);
        others = a;
        return null;
      }
      List<Listener> next = new ArrayList<>(List.of(listeners));
      next.add(found);
      listeners = next.toArray(new Listener[0]);
      return found;
    }
  }

  /** One checked listener. */
  static final class Listener {
    private final WeakReference<Object> key;
    private final WeakReference<Object> socket;
    private final NettyNative netty;
    private volatile InetSocketAddress local;

    private Listener(Object key, Object socket, NettyNative netty) {
      this.key = new WeakReference<>(key);
      this.socket = new WeakReference<>(socket);
      this.netty = netty;
    }

    /**
     * @return the listening address (read once: accepts happen only after the bind)
     */
    InetSocketAddress local() throws IOException {
      InetSocketAddress a = local;
      if (a == null) {
        Object s = socket.get();
        try {
          a = s == null ? null : netty.localAddress(s);
        } catch (Throwable t) {
          throw new IOException("listening address unknown: " + t, t);
        }
        if (a == null) {
          throw new IOException("listening address unknown");
        }
        local = a;
      }
      return a;
    }

    /**
     * @return whether it listens on IPv6 (its IPv4 clients are IPv4-mapped)
     */
    boolean ipv6() {
      try {
        return local().getAddress() instanceof Inet6Address;
      } catch (IOException e) {
        return false;
      }
    }
  }

  /**
   * A connection accepted in native code, known by its descriptor: closing it closes the
   * descriptor, which Netty then never sees.
   */
  static final class Connection implements Closeable {
    private final Listener listener;
    private final int fd;
    private final byte[] address;

    /**
     * @param address the peer as Netty's native accept wrote it, {@code null} to ask the kernel
     */
    Connection(Listener listener, int fd, byte[] address) {
      this.listener = listener;
      this.fd = fd;
      this.address = address;
    }

    Listener listener() {
      return listener;
    }

    /**
     * @return the client end
     */
    InetSocketAddress remote() throws IOException {
      if (address != null) {
        return decode(address);
      }
      try {
        InetSocketAddress a = listener.netty.remoteAddress(fd);
        if (a == null) {
          throw new IOException("peer address unknown");
        }
        return a;
      } catch (IOException e) {
        throw e;
      } catch (Throwable t) {
        throw new IOException("peer address unknown: " + t, t);
      }
    }

    /**
     * @return the server end: the listening address, unless that is a wildcard
     */
    InetSocketAddress local() throws IOException {
      InetSocketAddress l = listener.local();
      if (!l.getAddress().isAnyLocalAddress()) {
        return l;
      }
      try {
        return listener.netty.localAddress(fd);
      } catch (Throwable t) {
        throw new IOException("local address unknown: " + t, t);
      }
    }

    int localPort() throws IOException {
      return listener.local().getPort();
    }

    /**
     * @param buf a direct buffer
     * @return the bytes read, 0 if none are there yet, -1 at the end of the stream
     */
    int read(java.nio.ByteBuffer buf) throws IOException {
      try {
        return listener.netty.read(fd, buf);
      } catch (IOException e) {
        throw e;
      } catch (Throwable t) {
        throw new IOException("read failed: " + t, t);
      }
    }

    /**
     * @param buf a direct buffer
     * @return the bytes written, 0 if the send buffer is full
     */
    int write(java.nio.ByteBuffer buf) throws IOException {
      try {
        return listener.netty.write(fd, buf);
      } catch (IOException e) {
        throw e;
      } catch (Throwable t) {
        throw new IOException("write failed: " + t, t);
      }
    }

    /** Applies a rule's {@code keepalive} and {@code linger}; failures go to {@code warn}. */
    void apply(dev.tcpwrap.core.action.SocketOptions so, Consumer<String> warn) {
      if (so.keepAlive()) {
        try {
          listener.netty.setKeepAlive(fd, true);
        } catch (Throwable t) {
          warn.accept("setsockopt SO_KEEPALIVE: " + t.getMessage());
        }
      }
      if (so.setsLinger()) {
        try {
          listener.netty.setSoLinger(fd, so.lingerOptionValue());
        } catch (Throwable t) {
          warn.accept("setsockopt SO_LINGER " + so.lingerSeconds() + ": " + t.getMessage());
        }
      }
    }

    @Override
    public void close() throws IOException {
      try {
        listener.netty.close(fd);
      } catch (IOException e) {
        throw e;
      } catch (Throwable t) {
        throw new IOException("closing descriptor " + fd + " failed: " + t, t);
      }
    }

    @Override
    public String toString() {
      return "native connection (descriptor " + fd + ")";
    }
  }

  /**
   * Reads Netty's accepted-address bytes: {@code [length, address..., (scope id,) port]}, length 8
   * for IPv4 (IPv4-mapped addresses already folded) and 24 for IPv6, integers big-endian.
   */
  static InetSocketAddress decode(byte[] a) throws IOException {
    int len = a.length == 0 ? -1 : a[0];
    try {
      if (len == 8 && a.length >= 9) {
        InetAddress ip = InetAddress.getByAddress(copy(a, 1, 4));
        return new InetSocketAddress(ip, port(a, 5));
      }
      if (len == 24 && a.length >= 25) {
        int scope = port(a, 17);
        byte[] ip = copy(a, 1, 16);
        InetAddress addr =
            scope == 0 ? InetAddress.getByAddress(ip) : Inet6Address.getByAddress(null, ip, scope);
        return new InetSocketAddress(addr, port(a, 21));
      }
    } catch (UnknownHostException | IllegalArgumentException e) {
      throw new IOException("unreadable peer address: " + e.getMessage(), e);
    }
    throw new IOException("unreadable peer address (length " + len + ")");
  }

  private static byte[] copy(byte[] a, int from, int n) {
    byte[] b = new byte[n];
    System.arraycopy(a, from, b, 0, n);
    return b;
  }

  private static int port(byte[] a, int at) {
    return ((a[at] & 0xFF) << 24)
        | ((a[at + 1] & 0xFF) << 16)
        | ((a[at + 2] & 0xFF) << 8)
        | (a[at + 3] & 0xFF);
  }
}
