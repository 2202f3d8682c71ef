package dev.tcpwrap.agent.instrument;

import dev.tcpwrap.agent.bootstrap.AcceptGate;
import dev.tcpwrap.agent.log.AgentLog;
import dev.tcpwrap.agent.log.LogLevel;
import dev.tcpwrap.agent.log.Text;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Installs the accept advice: one plain transformer ({@link AcceptTransformer}) that selects the
 * accept-path classes, serves their instrumented bytes from the per-user {@link TransformCache} and
 * falls back to Byte Buddy advice ({@link ByteBuddyTransform}: retransformation only, no class
 * format changes) on a miss. With a warm cache Byte Buddy is never loaded; with a cold or disabled
 * cache it is set up on a background thread from premain on, and a class that needs it waits for
 * it.
 *
 * <p>What is instrumented:
 *
 * <ol>
 *   <li>{@code accept()} of {@code java.net.ServerSocket} and every subclass that declares it
 *       ({@code SSLServerSocketImpl}, {@code ServerSocketAdaptor}, application subclasses), and of
 *       {@code ServerSocketChannel} implementations ({@code ServerSocketChannelImpl}): {@link
 *       AcceptAdvice};
 *   <li>both {@code accept} forms of {@code sun.nio.ch.AsynchronousServerSocketChannelImpl};
 *   <li>Netty's native accepts (epoll, kqueue, io_uring, also relocated) and Tomcat 9's APR
 *       connector: {@link NativeAcceptors}.
 * </ol>
 *
 * <p>An agent attached at run time finds threads already waiting in an {@code accept()} that keeps
 * running its code without advice until it returns. So that their next connection is checked too,
 * the accept advice is then {@link AttachAcceptAdvice} and the methods such a call runs anew after
 * its wait get advice ({@link #ATTACH_ONLY}, {@code ServerSocketChannelImpl.finishAccept}). An
 * agent started with the JVM has no such calls to catch, and its accept path stays as it was.
 *
 * <p>This class must not refer to Byte Buddy types.
 */
public final class Instrumenter {

  static final String SERVER_SOCKET = "java.net.ServerSocket";
  static final String SERVER_CHANNEL = "java.nio.channels.ServerSocketChannel";

  /** The classes whose subclasses may declare an instrumented accept(). */
  static final Set<String> ROOTS = Set.of(SERVER_SOCKET, SERVER_CHANNEL);

  /** The JDK's platform-independent asynchronous server channel. */
  static final String ASYNC_IMPL = "sun.nio.ch.AsynchronousServerSocketChannelImpl";

  static final String SOCKET = "java.net.Socket";
  static final String TLS_SOCKET = "sun.security.ssl.SSLSocketImpl";
  static final String UNIX_ASYNC_IMPL = "sun.nio.ch.UnixAsynchronousServerSocketChannelImpl";

  /**
   * Classes instrumented only when the agent is attached at run time, where an {@code accept()}
   * frame that was already running continues in the code without advice: methods they declare run
   * as new calls in that frame's call chain after the wait for a connection (see {@link
   * AttachAcceptAdvice}). {@code ServerSocketChannelImpl.finishAccept} is such a method too; its
   * class is instrumented anyway.
   */
  static final Set<String> ATTACH_ONLY = Set.of(SOCKET, TLS_SOCKET, UNIX_ASYNC_IMPL);

  /**
   * Exit status of a JVM stopped because protection could not be installed
   * (AgentStarter.EXIT_INSTALL).
   */
  static final int EXIT_INSTALL = 1;

  private final AgentLog log;
  private final boolean attached;
  private AcceptTransformer transformer;
  private volatile boolean installed;

  /**
   * @param log where instrumentation details and failures go
   * @param attached whether the agent is being attached to a running JVM: the instrumentation then
   *     also checks the next connection of an {@code accept()} that is already waiting (see {@link
   *     AttachAcceptAdvice}); an agent started with the JVM needs none of that and keeps its accept
   *     path as it is
   */
  public Instrumenter(AgentLog log, boolean attached) {
    this.log = log;
    this.attached = attached;
  }

  /**
   * @return the number of classes transformed so far
   */
  public int transformed() {
    return transformer == null ? 0 : transformer.transformed.get();
  }

  /**
   * @return the number of classes that could not be transformed
   */
  public int errors() {
    return transformer == null ? 0 : transformer.errors.get();
  }

  /**
   * @return the number of classes whose instrumented bytes came from the cache
   */
  public int fromCache() {
    return transformer == null ? 0 : transformer.fromCache.get();
  }

  /**
   * Registers the transformer and retransforms the matching classes already loaded.
   *
   * @param inst the instrumentation
   */
  public void install(Instrumentation inst) {
    TransformCache cache = openCache();
    transformer =
        new AcceptTransformer(
            cache,
            attached,
            new AcceptTransformer.Events() {
              @Override
              public void instrumented(String name, boolean retransformed, boolean cached) {
                if (log.enabled(LogLevel.DEBUG)) {
                  log.diag(
                      LogLevel.DEBUG,
                      "instrumented "
                          + name.replace('/', '.')
                          + (retransformed ? " (retransformed)" : "")
                          + (cached ? " (from the cache)" : ""));
                }
              }

              @Override
              public void failed(String name, Throwable t) {
                log.diag(LogLevel.ERROR, "could not instrument " + name + ": " + t);
              }

              @Override
              public void notInstrumented(String name) {
                log.diag(LogLevel.DEBUG, "not instrumented: " + name);
              }

              @Override
              public void setupFailed(Throwable t) {
                if (!installed) {
                  return; // install() throws: the agent's start-up applies onerror
                }
                // after premain: a class that must be instrumented cannot be. onerror=deny stops
                // the JVM, as a failure in premain would have; allow runs on unprotected. An
                // attached agent never stops the JVM it was attached to: it reports
                if (AcceptGate.denyOnError && !attached) {
                  System.err.println(
                      "tcpwrap: could not install protection (onerror=deny): Byte Buddy set-up failed: "
                          + t);
                  System.err.flush();
                  Runtime.getRuntime().halt(EXIT_INSTALL);
                }
                log.diag(
                    LogLevel.ERROR,
                    "could not install protection, running UNPROTECTED: Byte Buddy set-up failed: "
                        + t);
              }

              @Override
              public void nativeAcceptor(String warning) {
                log.diag(LogLevel.WARN, Text.escape(warning));
              }

              @Override
              public void byteBuddyReady(long ms, String thread) {
                log.diag(LogLevel.DEBUG, "Byte Buddy set up in " + ms + " ms on thread " + thread);
              }
            });
    if (cache == null || cache.isEmpty()) {
      transformer.prepareInBackground();
    }
    long t0 = System.nanoTime();
    inst.addTransformer(transformer, true);
    Class<?>[] loaded = loadedCandidates(inst, attached);
    if (loaded.length > 0) {
      try {
        inst.retransformClasses(loaded);
      } catch (Throwable t) {
        // one by one, so one bad class does not leave the others unprotected
        for (Class<?> c : loaded) {
          try {
            inst.retransformClasses(c);
          } catch (Throwable e) {
            transformer.errors.incrementAndGet();
            log.diag(LogLevel.ERROR, "could not instrument " + c.getName() + ": " + e);
          }
        }
      }
    }
    Throwable failure = transformer.setupFailure;
    if (failure != null) {
      inst.removeTransformer(transformer);
      throw new IllegalStateException("Byte Buddy set-up failed: " + failure, failure);
    }
    installed = true;
    if (log.enabled(LogLevel.DEBUG)) {
      log.diag(
          LogLevel.DEBUG,
          "transformer installed, "
              + loaded.length
              + " loaded classes retransformed in "
              + (System.nanoTime() - t0) / 1_000_000
              + " ms; cache "
              + (cache == null ? "off" : cache.dir())
              + (attached ? "; attached at run time" : ""));
    }
  }

  // the cache for this agent build, or null (off, or not safe: logged)
  private TransformCache openCache() {
    Path root = TransformCache.root();
    if (root == null) {
      log.diag(LogLevel.DEBUG, "transformed-class cache off");
      return null;
    }
    boolean readOnly = TransformCache.readOnly();
    try {
      TransformCache c =
          readOnly
              ? TransformCache.openPrepared(root, TransformCache.buildId())
              : TransformCache.open(root, TransformCache.buildId());
      log.diag(
          LogLevel.DEBUG,
          "transformed-class cache " + c.dir() + (readOnly ? " (prepared, read-only)" : ""));
      return c;
    } catch (TransformCache.Unusable e) {
      log.diag(
          LogLevel.WARN,
          "not using the "
              + (readOnly ? "prepared read-only" : "transformed-class")
              + " cache: "
              + e.getMessage()
              + " (classes are instrumented with Byte Buddy at every start; -D"
              + TransformCache.PROPERTY
              + (readOnly ? "=readonly:DIR prepared by another user)" : "=DIR|off)"));
      return null;
    } catch (IOException | RuntimeException e) {
      log.diag(LogLevel.WARN, "not using the transformed-class cache: " + e);
      return null;
    }
  }

  /**
   * Already loaded classes that may need retransforming: subclasses of the roots, the async
   * channel, and the native acceptor classes (an attach to a running server), and when {@code
   * attached} the {@link #ATTACH_ONLY} classes.
   */
  static Class<?>[] loadedCandidates(Instrumentation inst, boolean attached) {
    List<Class<?>> found = new ArrayList<>();
    for (Class<?> c : inst.getAllLoadedClasses()) {
      String internalName = c.getName().replace('.', '/');
      if (NativeAcceptors.hook(internalName) != null
          || (attached && ATTACH_ONLY.contains(c.getName()))) {
        if (inst.isModifiableClass(c)) {
          found.add(c);
        }
        continue;
      }
      for (Class<?> s = c; s != null; s = s.getSuperclass()) {
        if (ROOTS.contains(s.getName()) || s.getName().equals(ASYNC_IMPL)) {
          if (inst.isModifiableClass(c) && !c.isInterface()) {
            found.add(c);
          }
          break;
        }
      }
    }
    return found.toArray(new Class<?>[0]);
  }

  /** For tests: whether the dispatcher class the advice calls is the bootstrap one. */
  static boolean gateOnBootstrapPath() {
    return AcceptGate.class.getClassLoader() == null;
  }
}
