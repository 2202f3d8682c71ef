package dev.tcpwrap.agent.log.syslog;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A Unix-domain datagram socket that sends to a path, which the JDK cannot do by itself (it has
 * Unix stream channels only, and {@code /dev/log} is a datagram socket). It calls the C library's
 * {@code socket(2)}, {@code sendto(2)} and {@code close(2)} through the foreign-function API of
 * Java 22 and later, found by reflection because the agent is compiled for Java 17.
 *
 * <p>Each datagram is sent to the path, not over a connected socket, so a syslog daemon that
 * restarts (and creates a new socket file) gets the next line without a reconnect. {@code
 * MSG_DONTWAIT}: a daemon whose queue is full makes the send fail at once ({@code EAGAIN}) instead
 * of holding the log's writer thread.
 *
 * <p>On Java 22 and later the JVM warns once that a restricted method was called, unless the
 * application runs with {@code --enable-native-access=ALL-UNNAMED}; a JVM that denies native access
 * makes {@link #open} fail with the reason.
 */
final class UnixDatagram {

  private static final int AF_UNIX = 1;
  private static final int SOCK_DGRAM = 2;
  private static final int SOCK_CLOEXEC = 0x80000;
  private static final int MSG_DONTWAIT = 0x40;
  private static final int MSG_NOSIGNAL = 0x4000;
  private static final int SUN_PATH = 108;

  /** The feature version the foreign-function API is final in. */
  static final int FFM_FEATURE = 22;

  private final Ffm ffm;
  private final int fd;
  private final Object address; // struct sockaddr_un, native
  private final int addressLength;
  private final Object buffer; // one message, native
  private final long bufferSize;

  private UnixDatagram(Ffm ffm, int fd, Object address, int addressLength, long bufferSize) {
    this.ffm = ffm;
    this.fd = fd;
    this.address = address;
    this.addressLength = addressLength;
    this.bufferSize = bufferSize;
    this.buffer = ffm.allocate(bufferSize);
  }

  /**
   * Opens a datagram socket for sending to {@code path}.
   *
   * @param path the socket path, at most 107 bytes
   * @param maxMessage the largest message that will be sent
   * @return the socket
   * @throws Unavailable when this JVM cannot (before Java 22, or native access denied)
   * @throws java.io.IOException when {@code socket(2)} fails
   */
  static UnixDatagram open(String path, int maxMessage) throws Unavailable, java.io.IOException {
    int feature = Runtime.version().feature();
    if (feature < FFM_FEATURE) {
      throw new Unavailable(
          "Java " + feature + " cannot write a Unix datagram socket (Java 22+ can)",
          "run on Java 22 or later",
          null);
    }
    Ffm ffm = Ffm.load();
    int fd = ffm.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      throw new java.io.IOException("socket(AF_UNIX, SOCK_DGRAM): " + Errno.describe(ffm.errno()));
    }
    byte[] sun = new byte[2 + SUN_PATH];
    sun[0] = (byte) AF_UNIX; // sa_family_t, little-endian (x86-64, aarch64)
    byte[] p = path.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(p, 0, sun, 2, Math.min(p.length, SUN_PATH - 1));
    Object addr = ffm.allocate(sun.length);
    ffm.copy(sun, addr);
    return new UnixDatagram(ffm, fd, addr, 2 + p.length + 1, maxMessage);
  }

  /**
   * Sends one datagram.
   *
   * @param message at most the {@code maxMessage} given to {@link #open}
   * @return 0 when sent, else the {@code errno} ({@link Errno#describe})
   */
  int send(byte[] message) {
    int n = (int) Math.min(message.length, bufferSize);
    ffm.copy(message, n, buffer);
    long r = ffm.sendto(fd, buffer, n, MSG_DONTWAIT | MSG_NOSIGNAL, address, addressLength);
    return r < 0 ? Math.max(1, ffm.errno()) : 0;
  }

  /** Closes the socket. */
  void close() {
    ffm.close(fd);
  }

  /**
   * The three C functions and the memory they need, bound through {@code java.lang.foreign} by
   * reflection. Used by the log's writer thread only (the captured {@code errno} is one segment).
   */
  private static final class Ffm {
    private final MethodHandle socket;
    private final MethodHandle sendto;
    private final MethodHandle close;
    private final Object errnoState; // MemorySegment for Linker.Option.captureCallState("errno")
    private final long errnoOffset;
    private final Object arena; // Arena.ofAuto(): freed when unreachable, usable from any thread
    private final Method allocate;
    private final Method ofArray;
    private final Method copyFrom;
    private final Method asSlice;
    private final Method getInt;
    private final Object javaInt;

    private Ffm(
        MethodHandle socket,
        MethodHandle sendto,
        MethodHandle close,
        Object errnoState,
        long errnoOffset,
        Object arena,
        Method allocate,
        Method ofArray,
        Method copyFrom,
        Method asSlice,
        Method getInt,
        Object javaInt) {
      this.socket = socket;
      this.sendto = sendto;
      this.close = close;
      this.errnoState = errnoState;
      this.errnoOffset = errnoOffset;
      this.arena = arena;
      this.allocate = allocate;
      this.ofArray = ofArray;
      this.copyFrom = copyFrom;
      this.asSlice = asSlice;
      this.getInt = getInt;
      this.javaInt = javaInt;
    }

    static Ffm load() throws Unavailable {
      try {
        Class<?> linkerC = Class.forName("java.lang.foreign.Linker");
        Class<?> optionC = Class.forName("java.lang.foreign.Linker$Option");
        Class<?> lookupC = Class.forName("java.lang.foreign.SymbolLookup");
        Class<?> segmentC = Class.forName("java.lang.foreign.MemorySegment");
        Class<?> layoutC = Class.forName("java.lang.foreign.MemoryLayout");
        Class<?> pathC = Class.forName("java.lang.foreign.MemoryLayout$PathElement");
        Class<?> valueC = Class.forName("java.lang.foreign.ValueLayout");
        Class<?> ofIntC = Class.forName("java.lang.foreign.ValueLayout$OfInt");
        Class<?> descC = Class.forName("java.lang.foreign.FunctionDescriptor");
        Class<?> arenaC = Class.forName("java.lang.foreign.Arena");
        Class<?> allocatorC = Class.forName("java.lang.foreign.SegmentAllocator");

        Object linker = linkerC.getMethod("nativeLinker").invoke(null);
        Object lookup = linkerC.getMethod("defaultLookup").invoke(linker);
        Object javaInt = valueC.getField("JAVA_INT").get(null);
        Object javaLong = valueC.getField("JAVA_LONG").get(null);
        Object address = valueC.getField("ADDRESS").get(null);

        Object capture =
            optionC
                .getMethod("captureCallState", String[].class)
                .invoke(null, (Object) new String[] {"errno"});
        Object stateLayout = optionC.getMethod("captureStateLayout").invoke(null);
        Object errnoPath =
            array(pathC, pathC.getMethod("groupElement", String.class).invoke(null, "errno"));
        long errnoOffset =
            (long)
                layoutC
                    .getMethod("byteOffset", errnoPath.getClass())
                    .invoke(stateLayout, errnoPath);

        Method find = lookupC.getMethod("find", String.class);
        Method of = descC.getMethod("of", layoutC, layoutC.arrayType());
        Method downcall = linkerC.getMethod("downcallHandle", segmentC, descC, optionC.arrayType());
        Object withErrno = array(optionC, capture);
        Object none = Array.newInstance(optionC, 0);

        MethodHandle socket =
            (MethodHandle)
                downcall.invoke(
                    linker,
                    symbol(find, lookup, "socket"),
                    of.invoke(null, javaInt, array(layoutC, javaInt, javaInt, javaInt)),
                    withErrno);
        MethodHandle sendto =
            (MethodHandle)
                downcall.invoke(
                    linker,
                    symbol(find, lookup, "sendto"),
                    of.invoke(
                        null,
                        javaLong,
                        array(layoutC, javaInt, address, javaLong, javaInt, address, javaInt)),
                    withErrno);
        MethodHandle close =
            (MethodHandle)
                downcall.invoke(
                    linker,
                    symbol(find, lookup, "close"),
                    of.invoke(null, javaInt, array(layoutC, javaInt)),
                    none);

        Object arena = arenaC.getMethod("ofAuto").invoke(null);
        Method allocate = allocatorC.getMethod("allocate", long.class);
        long stateSize = (long) layoutC.getMethod("byteSize").invoke(stateLayout);
        Object state = allocate.invoke(arena, stateSize);
        return new Ffm(
            socket,
            sendto,
            close,
            state,
            errnoOffset,
            arena,
            allocate,
            segmentC.getMethod("ofArray", byte[].class),
            segmentC.getMethod("copyFrom", segmentC),
            segmentC.getMethod("asSlice", long.class, long.class),
            segmentC.getMethod("get", ofIntC, long.class),
            javaInt);
      } catch (InvocationTargetException e) {
        // IllegalCallerException: native access denied (--illegal-native-access=deny, or
        // --enable-native-access naming other modules only)
        throw new Unavailable(
            "the JVM refuses native access (" + e.getCause() + ")",
            "start the JVM with --enable-native-access=ALL-UNNAMED",
            e.getCause());
      } catch (ReflectiveOperationException | RuntimeException e) {
        throw new Unavailable(
            "the foreign-function API is not usable (" + e + ")",
            "report this to tcpwrap with the Java version (" + Runtime.version() + ")",
            e);
      }
    }

    private static Object symbol(Method find, Object lookup, String name)
        throws ReflectiveOperationException {
      Optional<?> s = (Optional<?>) find.invoke(lookup, name);
      return s.orElseThrow(() -> new IllegalStateException("no C function " + name));
    }

    private static Object array(Class<?> type, Object... elements) {
      Object a = Array.newInstance(type, elements.length);
      for (int i = 0; i < elements.length; i++) {
        Array.set(a, i, elements[i]);
      }
      return a;
    }

    Object allocate(long size) {
      return call(allocate, arena, size);
    }

    void copy(byte[] bytes, Object segment) {
      copy(bytes, bytes.length, segment);
    }

    void copy(byte[] bytes, int length, Object segment) {
      Object from = call(asSlice, call(ofArray, null, (Object) bytes), 0L, (long) length);
      call(copyFrom, call(asSlice, segment, 0L, (long) length), from);
    }

    int socket(int domain, int type, int protocol) {
      try {
        return (int) socket.invokeWithArguments(errnoState, domain, type, protocol);
      } catch (Throwable t) {
        return -1;
      }
    }

    long sendto(int fd, Object buf, long len, int flags, Object addr, int addrLen) {
      try {
        return (long) sendto.invokeWithArguments(errnoState, fd, buf, len, flags, addr, addrLen);
      } catch (Throwable t) {
        return -1;
      }
    }

    void close(int fd) {
      try {
        close.invokeWithArguments(fd);
      } catch (Throwable ignored) {
        // nothing to do about a failed close of a datagram socket
      }
    }

    int errno() {
      return (int) call(getInt, errnoState, javaInt, errnoOffset);
    }

    private static Object call(Method m, Object target, Object... args) {
      try {
        return m.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw new IllegalStateException(e.getCause());
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
