package dev.tcpwrap.agent.instrument;

import dev.tcpwrap.agent.bootstrap.AttachGate;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one transformer the agent registers. It selects the accept-path classes itself from the
 * class-file header (no Byte Buddy), serves their instrumented bytes from the {@link
 * TransformCache} and only on a miss asks Byte Buddy ({@link ByteBuddyTransform}, created lazily or
 * by a background thread started in premain), then stores the result.
 *
 * <p>Selection (the same rule as the Byte Buddy matcher, which checks again on a miss): not ignored
 * by name, not an interface, not synthetic, declares {@code accept()} (no parameters, neither
 * abstract nor bridge) and is {@code java.net.ServerSocket} or {@code
 * java.nio.channels.ServerSocketChannel} or extends one of them; or is {@code
 * sun.nio.ch.AsynchronousServerSocketChannelImpl}. The super classes of a class being loaded are
 * read as class files through its loader, as Byte Buddy's type pool does; a hierarchy that cannot
 * be read does not match (Byte Buddy's {@code failSafe}). When the agent was attached at run time,
 * also the {@link Instrumenter#ATTACH_ONLY} classes, by name; Byte Buddy leaves one out (without an
 * error) if this JDK's code has no place for its advice.
 *
 * <p>Correctness: this transformer is registered in premain before any application code runs, and a
 * class it selects is returned only instrumented: when Byte Buddy is still being set up on the
 * background thread, the loading thread waits for it. A failure is logged and leaves that class
 * uninstrumented, as Byte Buddy's own error handling did.
 *
 * <p>Why one class of about 300 lines: selection, cache and Byte Buddy fallback share one rule — a
 * class it selects is returned only instrumented, or reported — which reads best in one place.
 */
final class AcceptTransformer implements ClassFileTransformer {

  /** Names never instrumented (Byte Buddy's ignore matcher, in internal form). */
  private static final String[] IGNORED = {
    "dev/tcpwrap/", "jdk/internal/reflect/", "sun/reflect/", "java/lang/invoke/"
  };

  private static final String SERVER_SOCKET = Instrumenter.SERVER_SOCKET.replace('.', '/');
  private static final String SERVER_CHANNEL = Instrumenter.SERVER_CHANNEL.replace('.', '/');
  private static final String ASYNC_IMPL = Instrumenter.ASYNC_IMPL.replace('.', '/');
  private static final String TLS_SOCKET = Instrumenter.TLS_SOCKET.replace('.', '/');

  /**
   * Where the cache key of a class instrumented for an attached agent starts: the same original
   * class gets different bytes then. No class file starts like this, so no original class's key can
   * be the same.
   */
  private static final byte[] ATTACHED_KEY =
      "tcpwrap attached\n".getBytes(StandardCharsets.US_ASCII);

  /** Longest super class chain followed (a guard against malformed hierarchies). */
  private static final int MAX_DEPTH = 64;

  private final TransformCache cache;
  private final boolean attached;
  private final FutureTask<ByteBuddyTransform> byteBuddy;
  private final Events events;
  final AtomicInteger transformed = new AtomicInteger();
  final AtomicInteger fromCache = new AtomicInteger();
  final AtomicInteger errors = new AtomicInteger();

  /** Why Byte Buddy could not be set up, once a class needed it; {@code null} otherwise. */
  volatile Throwable setupFailure;

  /** What the transformer reports. */
  interface Events {
    /** A class was instrumented ({@code cached}: from the cache). */
    void instrumented(String name, boolean retransformed, boolean cached);

    /** A selected class could not be instrumented: it stays unprotected. */
    void failed(String name, Throwable t);

    /**
     * A class selected by name declares nothing its advice is made for: a JDK without the method an
     * attached agent's advice is for, or a Netty whose code is not what the agent expects (its
     * listener's warning says what that means). Nothing to report as an error.
     *
     * @param name the class name, with the reason when there is one
     */
    default void notInstrumented(String name) {}

    /**
     * Byte Buddy could not be set up (reported once, by the first class that needed it; that class
     * and every later one stays uninstrumented).
     */
    default void setupFailed(Throwable t) {}

    /**
     * A class that accepts in native code was loaded ({@link NativeAcceptors}): its connections go
     * unchecked.
     *
     * @param warning what to tell the user
     */
    default void nativeAcceptor(String warning) {}

    /** Byte Buddy was set up (on a miss or on the background thread), in {@code ms}. */
    default void byteBuddyReady(long ms, String thread) {}
  }

  /**
   * @param cache the cache, or {@code null} when off or unusable
   * @param events where results go
   */
  AcceptTransformer(TransformCache cache, Events events) {
    this(cache, false, events);
  }

  /**
   * @param cache the cache, or {@code null} when off or unusable
   * @param attached whether the agent was attached at run time (see {@link ByteBuddyTransform})
   * @param events where results go
   */
  AcceptTransformer(TransformCache cache, boolean attached, Events events) {
    this.cache = cache;
    this.attached = attached;
    this.events = events;
    // no lambdas on this path: it runs at every start, and a warm start should not need
    // invokedynamic
    this.byteBuddy =
        new FutureTask<>(
            new java.util.concurrent.Callable<>() {
              @Override
              public ByteBuddyTransform call() {
                long t0 = System.nanoTime();
                ByteBuddyTransform bb = new ByteBuddyTransform(attached);
                events.byteBuddyReady(
                    (System.nanoTime() - t0) / 1_000_000, Thread.currentThread().getName());
                return bb;
              }
            });
  }

  /** Sets Byte Buddy up now on a daemon thread (a cold cache: it will be needed soon). */
  void prepareInBackground() {
    Thread t = new Thread(byteBuddy, "tcpwrap-instrument-setup");
    t.setDaemon(true);
    t.start();
  }

  /**
   * @return whether Byte Buddy has been set up (or its set-up started) in this JVM
   */
  boolean byteBuddyStarted() {
    return byteBuddy.isDone();
  }

  @Override
  public byte[] transform(
      Module module,
      ClassLoader loader,
      String name,
      Class<?> redefined,
      ProtectionDomain pd,
      byte[] bytes) {
    NativeAcceptors.Hook hook;
    try {
      if (name == null || ignored(name)) {
        return null; // first: a class of ours loaded while transforming must not come back here
      }
      hook = NativeAcceptors.hook(name);
      if (hook == null
          && !(attached && Instrumenter.ATTACH_ONLY.contains(name.replace('/', '.')))
          && !selected(loader, name, redefined, bytes)) {
        return null;
      }
    } catch (Throwable t) {
      return null; // not a readable class file: the JVM will say so itself
    }
    byte[] out = instrument(loader, name, redefined, bytes);
    if (out != null && attached && name.equals(TLS_SOCKET)) {
      AttachGate.tlsHooked = true; // before the new code runs: the JVM installs it on return
    }
    if (hook != null) {
      if (out != null) {
        NativeAcceptors.hooked(loader, name);
        if (attached && hook == NativeAcceptors.Hook.APR) {
          AttachGate.aprHandOverHooked = true; // before the new code runs, as for TLS
        }
      } else {
        // a Netty listener class whose listeners will not be announced, or Tomcat's APR endpoint
        // (its own listener): nothing else could say it
        String warning = NativeAcceptors.notCheckedWarning(hook, name.replace('/', '.'));
        if (warning != null) {
          events.nativeAcceptor(warning);
        }
      }
    }
    return out;
  }

  // the instrumented class (from the cache or Byte Buddy), or null after reporting a failure
  private byte[] instrument(ClassLoader loader, String name, Class<?> redefined, byte[] bytes) {
    try {
      byte[] key = null;
      if (cache != null) {
        key = attached ? TransformCache.sha256(ATTACHED_KEY, bytes) : TransformCache.sha256(bytes);
        byte[] hit = cache.get(key);
        if (hit != null) {
          transformed.incrementAndGet();
          fromCache.incrementAndGet();
          events.instrumented(name, redefined != null, true);
          return hit;
        }
      }
      byte[] out = byteBuddy().transform(loader, name, bytes);
      if (out == null && attached && Instrumenter.ATTACH_ONLY.contains(name.replace('/', '.'))) {
        events.notInstrumented(
            name.replace('/', '.') + " (this JDK has no method for the attach advice there)");
        return null;
      }
      if (out == null) {
        errors.incrementAndGet();
        events.failed(
            name.replace('/', '.'),
            new IllegalStateException("Byte Buddy's matcher did not select it"));
      } else {
        transformed.incrementAndGet();
        if (cache != null) {
          cache.put(key, out);
        }
        events.instrumented(name, redefined != null, false);
      }
      return out;
    } catch (NativeAcceptors.UnexpectedCode e) {
      // not a failure of the agent: the listener's warning tells the user what it means
      events.notInstrumented(name.replace('/', '.') + " (" + e.getMessage() + ")");
      return null;
    } catch (Throwable t) {
      errors.incrementAndGet();
      events.failed(name.replace('/', '.'), t);
      return null;
    }
  }

  // Byte Buddy, set up by this thread unless the background thread has started; waits for it if so
  private ByteBuddyTransform byteBuddy() throws Exception {
    byteBuddy.run(); // a no-op if already running or done
    try {
      return byteBuddy.get();
    } catch (ExecutionException e) {
      if (setupFailure == null) {
        synchronized (this) {
          if (setupFailure == null) {
            setupFailure = e.getCause();
            events.setupFailed(e.getCause());
          }
        }
      }
      throw new IllegalStateException("Byte Buddy set-up failed: " + e.getCause(), e.getCause());
    }
  }

  private static boolean ignored(String name) {
    for (String prefix : IGNORED) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** The selection rule (see the class comment). */
  static boolean selected(ClassLoader loader, String name, Class<?> redefined, byte[] bytes)
      throws IOException {
    if (ignored(name)) {
      return false;
    }
    if (name.equals(ASYNC_IMPL)) {
      return true;
    }
    ClassHeader h = ClassHeader.read(bytes);
    if (!h.declaresAccept() || h.isInterface() || h.isSynthetic()) {
      return false;
    }
    if (name.equals(SERVER_SOCKET) || name.equals(SERVER_CHANNEL)) {
      return true;
    }
    if (redefined != null) {
      for (Class<?> s = redefined.getSuperclass(); s != null; s = s.getSuperclass()) {
        String n = s.getName();
        if (n.equals(Instrumenter.SERVER_SOCKET) || n.equals(Instrumenter.SERVER_CHANNEL)) {
          return true;
        }
      }
      return false;
    }
    String s = h.superName();
    ClassLoader finder = loader != null ? loader : ClassLoader.getPlatformClassLoader();
    for (int depth = 0; s != null && depth < MAX_DEPTH; depth++) {
      if (s.equals(SERVER_SOCKET) || s.equals(SERVER_CHANNEL)) {
        return true;
      }
      if (s.equals("java/lang/Object")) {
        return false;
      }
      byte[] superBytes;
      try (InputStream in = finder.getResourceAsStream(s + ".class")) {
        if (in == null) {
          return false; // unresolvable: Byte Buddy's failSafe matcher says no as well
        }
        superBytes = in.readAllBytes();
      }
      s = ClassHeader.read(superBytes).superName();
    }
    return false;
  }
}
