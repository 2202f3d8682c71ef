package dev.tcpwrap.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.failSafe;
import static net.bytebuddy.matcher.ElementMatchers.hasSuperClass;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import dev.tcpwrap.agent.log.AgentLog;
import dev.tcpwrap.agent.log.LogLevel;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

/**
 * Installs the accept advice with Byte Buddy: retransformation only, no class format changes, cheap and
 * fail-safe type matchers, and our own {@code ignore} matcher (the default one skips every JDK class).
 *
 * <p>What is instrumented:
 * <ol>
 *   <li>{@code accept()} of {@code java.net.ServerSocket} and every subclass that declares it
 *       ({@code SSLServerSocketImpl}, {@code ServerSocketAdaptor}, application subclasses), and of
 *       {@code ServerSocketChannel} implementations ({@code ServerSocketChannelImpl}): {@link AcceptAdvice};</li>
 *   <li>both {@code accept} forms of {@code sun.nio.ch.AsynchronousServerSocketChannelImpl}.</li>
 * </ol>
 */
public final class Instrumenter {

  /** The classes whose subclasses may declare an instrumented accept(). */
  static final Set<String> ROOTS = Set.of("java.net.ServerSocket", "java.nio.channels.ServerSocketChannel");

  /** The JDK's platform-independent asynchronous server channel. */
  static final String ASYNC_IMPL = "sun.nio.ch.AsynchronousServerSocketChannelImpl";

  private final AgentLog log;
  private final AtomicInteger transformed = new AtomicInteger();
  private final AtomicInteger errors = new AtomicInteger();

  /** @param log where instrumentation details and failures go */
  public Instrumenter(AgentLog log) {
    this.log = log;
  }

  /** @return the number of classes transformed so far */
  public int transformed() {
    return transformed.get();
  }

  /** @return the number of classes that could not be transformed */
  public int errors() {
    return errors.get();
  }

  /**
   * Installs the transformer and retransforms the matching classes already loaded.
   *
   * @param inst the instrumentation
   * @return the installed transformer
   */
  public ResettableClassFileTransformer install(Instrumentation inst) {
    ElementMatcher.Junction<MethodDescription> accept0 = named("accept").and(takesNoArguments())
        .and(not(isBridge())).and(not(isAbstract()));
    Advice acceptAdvice = Advice.to(AcceptAdvice.class);
    Advice futureAdvice = Advice.to(AsyncAcceptFutureAdvice.class);
    Advice handlerAdvice = Advice.to(AsyncAcceptHandlerAdvice.class);
    return new AgentBuilder.Default()
        .disableClassFormatChanges()
        .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
        .redefineOnly(loadedCandidates(inst))
        .with(new Listener())
        .ignore(nameStartsWith("dev.tcpwrap.").or(isSynthetic()).or(nameStartsWith("jdk.internal.reflect."))
            .or(nameStartsWith("sun.reflect.")).or(nameStartsWith("java.lang.invoke.")))
        .type(not(isInterface()).and(declaresMethod(accept0))
            .and(failSafe(hasSuperClass(named("java.net.ServerSocket")
                .or(named("java.nio.channels.ServerSocketChannel"))))))
        .transform((builder, type, loader, module, pd) -> builder.visit(acceptAdvice.on(accept0)))
        .type(named(ASYNC_IMPL))
        .transform((builder, type, loader, module, pd) -> builder
            .visit(futureAdvice.on(named("accept").and(takesNoArguments())))
            .visit(handlerAdvice.on(named("accept").and(takesArguments(2)))))
        .installOn(inst);
  }

  /** Already loaded classes that may need retransforming: subclasses of the roots and the async channel. */
  static Class<?>[] loadedCandidates(Instrumentation inst) {
    List<Class<?>> found = new ArrayList<>();
    for (Class<?> c : inst.getAllLoadedClasses()) {
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

  /** Counts transformations and logs failures (a failure leaves that class unprotected). */
  private final class Listener extends AgentBuilder.Listener.Adapter {
    @Override
    public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
                                 DynamicType dynamicType) {
      transformed.incrementAndGet();
      log.diag(LogLevel.DEBUG, "instrumented " + type.getName() + (loaded ? " (retransformed)" : ""));
    }

    @Override
    public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded,
                        Throwable throwable) {
      errors.incrementAndGet();
      log.diag(LogLevel.ERROR, "could not instrument " + typeName + ": " + throwable);
    }
  }
}
