package dev.tcpwrap.agent.gate;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;

/**
 * The few public members of Tomcat 9's APR endpoint and of libtcnative's Java side ({@code
 * tomcat.jni}) that the agent needs for a socket the APR connector accepted: whether the endpoint
 * is serving, its two addresses, a rule's banner and socket options, and destroying it. Found by
 * reflection from the endpoint's own class loader, so the agent depends on no Tomcat type.
 */
final class TomcatApr {

  /** {@code Socket.APR_LOCAL}, {@code Socket.APR_REMOTE}: which end {@code Address.get} reads. */
  static final int LOCAL = 0;

  static final int REMOTE = 1;

  /** {@code Socket.APR_INET6}, {@code Socket.APR_UNIX}: address families. */
  static final int INET6 = 2;

  static final int UNIX = 3;

  /** {@code Socket.APR_SO_LINGER}, {@code Socket.APR_SO_KEEPALIVE}. */
  static final int SO_LINGER = 1;

  static final int SO_KEEPALIVE = 2;

  /** {@code Status.APR_EOF}, and what libtcnative returns (negated) when no byte could move. */
  private static final int EOF = 70014;

  private static final int[] WOULD_BLOCK = {
    11, // EAGAIN
    70007, // APR_TIMEUP
    120001, // libtcnative's TIMEUP
    120002 // libtcnative's EAGAIN
  };

  private static final ClassValue<Object> BY_CLASS =
      new ClassValue<>() {
        @Override
        protected Object computeValue(Class<?> type) {
          try {
            return new TomcatApr(type);
          } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return e;
          }
        }
      };

  private final MethodHandle isRunning;
  private final MethodHandle isPaused;
  private final MethodHandle isSslEnabled;
  private final MethodHandle unixDomainSocketPath; // null before Tomcat 9.0.54
  private final MethodHandle addressGet;
  private final MethodHandle getip;
  private final MethodHandle getInfo;
  private final MethodHandle port;
  private final MethodHandle family;
  private final MethodHandle destroy;
  private final MethodHandle optSet;
  private final MethodHandle timeoutGet;
  private final MethodHandle timeoutSet;
  private final MethodHandle sendb;
  private final MethodHandle recvb;
  private final MethodHandle destroySocket; // null where Tomcat's own cannot be called

  private TomcatApr(Class<?> type) throws ReflectiveOperationException {
    Class<?> endpoint = type;
    while (endpoint != null && !endpoint.getName().endsWith(".tomcat.util.net.AprEndpoint")) {
      endpoint = endpoint.getSuperclass();
    }
    if (endpoint == null) {
      throw new ClassNotFoundException("no tomcat.util.net.AprEndpoint above " + type.getName());
    }
    // libtcnative's classes, in the same copy of Tomcat as the endpoint
    String tomcat =
        endpoint
            .getName()
            .substring(0, endpoint.getName().length() - "util.net.AprEndpoint".length());
    ClassLoader loader = endpoint.getClassLoader();
    Class<?> address = Class.forName(tomcat + "jni.Address", false, loader);
    Class<?> sockaddr = Class.forName(tomcat + "jni.Sockaddr", false, loader);
    Class<?> socket = Class.forName(tomcat + "jni.Socket", false, loader);
    MethodHandles.Lookup lookup = MethodHandles.publicLookup();
    MethodType onEndpoint = MethodType.methodType(boolean.class, Object.class);
    isRunning = lookup.findVirtual(endpoint, "isRunning", flag()).asType(onEndpoint);
    isPaused = lookup.findVirtual(endpoint, "isPaused", flag()).asType(onEndpoint);
    isSslEnabled = lookup.findVirtual(endpoint, "isSSLEnabled", flag()).asType(onEndpoint);
    MethodHandle path;
    try {
      path =
          lookup
              .findVirtual(endpoint, "getUnixDomainSocketPath", MethodType.methodType(String.class))
              .asType(MethodType.methodType(String.class, Object.class));
    } catch (NoSuchMethodException e) {
      path = null; // a Tomcat without Unix-domain listeners
    }
    unixDomainSocketPath = path;
    addressGet =
        lookup.findStatic(address, "get", MethodType.methodType(long.class, int.class, long.class));
    getip = lookup.findStatic(address, "getip", MethodType.methodType(String.class, long.class));
    getInfo =
        lookup
            .findStatic(address, "getInfo", MethodType.methodType(sockaddr, long.class))
            .asType(MethodType.methodType(Object.class, long.class));
    port =
        lookup
            .findGetter(sockaddr, "port", int.class)
            .asType(MethodType.methodType(int.class, Object.class));
    family =
        lookup
            .findGetter(sockaddr, "family", int.class)
            .asType(MethodType.methodType(int.class, Object.class));
    destroy = lookup.findStatic(socket, "destroy", MethodType.methodType(void.class, long.class));
    optSet =
        lookup.findStatic(
            socket, "optSet", MethodType.methodType(int.class, long.class, int.class, int.class));
    timeoutGet =
        lookup.findStatic(socket, "timeoutGet", MethodType.methodType(long.class, long.class));
    timeoutSet =
        lookup.findStatic(
            socket, "timeoutSet", MethodType.methodType(int.class, long.class, long.class));
    MethodType io =
        MethodType.methodType(int.class, long.class, ByteBuffer.class, int.class, int.class);
    sendb = lookup.findStatic(socket, "sendb", io);
    recvb = lookup.findStatic(socket, "recvb", io);
    MethodHandle own;
    try {
      java.lang.reflect.Method m = endpoint.getDeclaredMethod("destroySocket", Long.class);
      m.setAccessible(true); // protected; Tomcat 9 runs in the unnamed module
      own =
          MethodHandles.lookup()
              .unreflect(m)
              .asType(MethodType.methodType(void.class, Object.class, Long.class));
    } catch (ReflectiveOperationException | RuntimeException e) {
      own = null;
    }
    destroySocket = own;
  }

  private static MethodType flag() {
    return MethodType.methodType(boolean.class);
  }

  /**
   * @param endpointClass the class of an {@code AprEndpoint}
   * @return the members of its copy of Tomcat
   * @throws ReflectiveOperationException if they are not what the agent expects (kept: asked once
   *     per class)
   */
  static TomcatApr of(Class<?> endpointClass) throws ReflectiveOperationException {
    Object o = BY_CLASS.get(endpointClass);
    if (o instanceof TomcatApr apr) {
      return apr;
    }
    if (o instanceof ReflectiveOperationException e) {
      throw e;
    }
    throw new ReflectiveOperationException(String.valueOf(o), (Throwable) o);
  }

  /**
   * Whether this endpoint's connections are to be checked: a TCP listener that is serving. At a
   * pause or stop Tomcat connects to itself to wake its acceptor and destroys that socket itself,
   * and then frees the APR memory the acceptor's next accept would use: a socket accepted then is
   * left to Tomcat.
   */
  boolean checks(Object endpoint) throws Throwable {
    if (!(boolean) isRunning.invokeExact(endpoint) || (boolean) isPaused.invokeExact(endpoint)) {
      return false;
    }
    return unixDomainSocketPath == null
        || (String) unixDomainSocketPath.invokeExact(endpoint) == null;
  }

  /**
   * @return whether the endpoint speaks TLS (its connections start with a handshake)
   */
  boolean tls(Object endpoint) throws Throwable {
    return (boolean) isSslEnabled.invokeExact(endpoint);
  }

  /** One end of an accepted socket, as APR reports it. */
  record End(String ip, int port, int family) {}

  /**
   * @param which {@link #LOCAL} or {@link #REMOTE}
   */
  End end(long socket, int which) throws Throwable {
    long sa = (long) addressGet.invokeExact(which, socket);
    Object info = (Object) getInfo.invokeExact(sa);
    return new End(
        (String) getip.invokeExact(sa),
        (int) port.invokeExact(info),
        (int) family.invokeExact(info));
  }

  /** Closes the socket and frees its APR memory, as Tomcat's own {@code destroySocket} does. */
  void destroy(long socket) throws Throwable {
    destroy.invokeExact(socket);
  }

  /**
   * Destroys a socket that Tomcat has counted as a connection, through the endpoint's own {@code
   * destroySocket}, which also counts it down (else only the count stays one too high).
   */
  void destroyCounted(Object endpoint, long socket) throws Throwable {
    if (destroySocket == null) {
      destroy(socket);
    } else {
      destroySocket.invokeExact(endpoint, Long.valueOf(socket));
    }
  }

  /**
   * @return APR's status, 0 for success
   */
  int optSet(long socket, int option, int on) throws Throwable {
    return (int) optSet.invokeExact(socket, option, on);
  }

  /**
   * Writes what fits, without waiting: the socket is switched to non-blocking for the call and back
   * to its own timeout after it.
   *
   * @param buf a direct buffer
   * @return the bytes written, 0 if the send buffer is full
   */
  int write(long socket, ByteBuffer buf) throws Throwable {
    int n = nonBlocking(socket, sendb, buf);
    if (n > 0) {
      buf.position(buf.position() + n);
    }
    return Math.max(n, 0);
  }

  /**
   * Reads what is there, without waiting (as {@link #write}).
   *
   * @param buf a direct buffer
   * @return the bytes read, 0 if none are there yet, -1 at the end of the stream
   */
  int read(long socket, ByteBuffer buf) throws Throwable {
    int n = nonBlocking(socket, recvb, buf);
    if (n > 0) {
      buf.position(buf.position() + n);
    }
    return n;
  }

  // the bytes moved, 0 if none could move now, -1 at the end of the stream
  private int nonBlocking(long socket, MethodHandle io, ByteBuffer buf) throws Throwable {
    long timeout = (long) timeoutGet.invokeExact(socket);
    int set = timeout(socket, 0L);
    if (set != 0) {
      throw new IOException("APR status " + set + " making the socket non-blocking");
    }
    int n;
    try {
      n = (int) io.invokeExact(socket, buf, buf.position(), buf.remaining());
    } finally {
      timeout(socket, timeout); // failing, it leaves the socket non-blocking until Tomcat sets it
    }
    if (n >= 0) {
      return n;
    }
    int status = -n;
    if (status == EOF) {
      return -1;
    }
    for (int s : WOULD_BLOCK) {
      if (status == s) {
        return 0;
      }
    }
    throw new IOException("APR status " + status);
  }

  // APR's status
  private int timeout(long socket, long micros) throws Throwable {
    return (int) timeoutSet.invokeExact(socket, micros);
  }
}
