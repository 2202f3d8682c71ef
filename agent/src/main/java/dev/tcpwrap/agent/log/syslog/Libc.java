package dev.tcpwrap.agent.log.syslog;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * The C library's {@code socket(2)} and {@code sendto(2)} and the native memory they need, bound
 * through the foreign-function API of Java 22+ ({@code java.lang.foreign}) by reflection and method
 * handles, since the agent is compiled for Java 17. Used under the log's lock only (the captured
 * {@code errno} is one segment).
 */
final class Libc {

  private final MethodHandle socket;
  private final MethodHandle sendto;
  private final Object errnoState; // MemorySegment for Linker.Option.captureCallState("errno")
  private final long errnoOffset;
  private final Object arena; // Arena.ofAuto(): freed when unreachable, usable from any thread
  private final Method allocate;
  private final Method ofArray;
  private final Method copyFrom;
  private final Method asSlice;
  private final Method getInt;
  private final Object javaInt;

  private Libc(
      MethodHandle socket,
      MethodHandle sendto,
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

  /**
   * @throws Unavailable when the API is missing or the JVM denies native access
   */
  static Libc load() throws Unavailable {
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
              layoutC.getMethod("byteOffset", errnoPath.getClass()).invoke(stateLayout, errnoPath);

      Method find = lookupC.getMethod("find", String.class);
      Method of = descC.getMethod("of", layoutC, layoutC.arrayType());
      Method downcall = linkerC.getMethod("downcallHandle", segmentC, descC, optionC.arrayType());
      Object withErrno = array(optionC, capture);

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

      Object arena = arenaC.getMethod("ofAuto").invoke(null);
      Method allocate = allocatorC.getMethod("allocate", long.class);
      long stateSize = (long) layoutC.getMethod("byteSize").invoke(stateLayout);
      Object state = allocate.invoke(arena, stateSize);
      return new Libc(
          socket,
          sendto,
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
