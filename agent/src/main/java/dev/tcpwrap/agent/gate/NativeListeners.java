package dev.tcpwrap.agent.gate;

import dev.tcpwrap.agent.instrument.NativeAcceptors;
import java.lang.ref.WeakReference;
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

  private volatile NativeListener[] listeners = new NativeListener[0];

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
    NativeListener l = new NativeListener(uring ? channel : socket, socket, NettyNative.of(socket));
    synchronized (this) {
      List<NativeListener> next = new ArrayList<>();
      for (NativeListener old : listeners) {
        Object key = old.key.get();
        if (key == l.key.get()) {
          return; // a constructor calling another one announces twice
        }
        if (key != null) {
          next.add(old);
        }
      }
      next.add(l);
      listeners = next.toArray(new NativeListener[0]);
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
  NativeListener find(Object key) {
    NativeListener l = announced(key);
    return l != null || notTcp(key) ? l : unannounced(key);
  }

  private NativeListener announced(Object key) {
    for (NativeListener l : listeners) {
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
  private NativeListener unannounced(Object key) {
    synchronized (this) {
      NativeListener known = announced(key);
      if (known != null || notTcp(key)) {
        return known;
      }
      NativeListener found = null;
      try {
        Object socket =
            key.getClass().getName().contains(".channel.uring.")
                ? publicMethod(key.getClass(), "fd").invoke(key)
                : key;
        int fd = (int) publicMethod(socket.getClass(), "intValue").invoke(socket);
        if (ProcListeners.isTcpListener(fd)) {
          found = new NativeListener(key, socket, NettyNative.of(socket));
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
      List<NativeListener> next = new ArrayList<>(List.of(listeners));
      next.add(found);
      listeners = next.toArray(new NativeListener[0]);
      return found;
    }
  }
}
