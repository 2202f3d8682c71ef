package dev.tcpwrap.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.failSafe;
import static net.bytebuddy.matcher.ElementMatchers.hasSuperClass;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import java.io.FileDescriptor;
import java.net.SocketAddress;
import java.net.SocketImpl;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.SocketChannel;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.VisibilityBridgeStrategy;
import net.bytebuddy.dynamic.scaffold.InstrumentedType;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.LatentMatcher;
import net.bytebuddy.pool.TypePool;

/**
 * The Byte Buddy side of the instrumentation, called by {@link AcceptTransformer} for the classes
 * it selected and did not find in the {@link TransformCache}. Only this class (and the advice
 * classes, read as class files) refers to Byte Buddy, so a JVM whose transformations are all cached
 * never loads it.
 *
 * <p>It does for one class what {@code AgentBuilder} with {@code disableClassFormatChanges()},
 * {@code RedefinitionStrategy.RETRANSFORMATION}, {@code PoolStrategy.Default.FAST} and {@code
 * DescriptionStrategy.Default.POOL_ONLY} does (a frozen redefinition of the type described from its
 * class file, {@code Implementation.Context.Disabled}, declared-methods-only method graph, no
 * visibility bridges), and the produced bytes are identical; it only skips the {@code AgentBuilder}
 * machinery around it (its transformer factory generates a class with Byte Buddy at first use):
 * about a fifth of the cold set-up. The advice is described from class files through a type pool,
 * so the advice classes are never loaded; no type validation; no Nexus.
 *
 * <p>For an agent attached at run time ({@code attached}) the accept advice is {@link
 * AttachAcceptAdvice}, and the methods that an {@code accept()} frame running since before the
 * attach calls anew after its wait get advice too ({@link Instrumenter#ATTACH_ONLY}, {@link
 * AttachChannelAdvice}; for Tomcat's APR endpoint its hand-over of an accepted socket, {@link
 * AttachAprAdvice}); a method this JDK does not have is left out, and a class left with nothing to
 * instrument is not selected.
 *
 * <p>Why one class of about 300 lines: it is the only place that names Byte Buddy, which is what
 * lets a warm start skip loading Byte Buddy at all; splitting it by hook kind would spread those
 * names.
 */
final class ByteBuddyTransform {

  /** Package of the advice classes. */
  private static final String ADVICE = "dev.tcpwrap.agent.instrument.";

  private final ByteBuddy byteBuddy;
  private final ElementMatcher.Junction<MethodDescription> accept0;
  private final ElementMatcher<TypeDescription> acceptType;
  private final Advice acceptAdvice;
  private final Advice futureAdvice;
  private final Advice handlerAdvice;
  private final Advice nativeAcceptAdvice;
  private final Advice nativeListenerAdvice;
  private final Advice uringAcceptAdvice;
  private final Advice incubatorUringAcceptAdvice;
  private final ElementMatcher.Junction<MethodDescription> incubatorUringComplete;
  private final ElementMatcher.Junction<MethodDescription> nativeAccept;
  private final ElementMatcher.Junction<MethodDescription> uringComplete;
  private final Advice aprAcceptAdvice;
  private final ElementMatcher.Junction<MethodDescription> aprAccept;

  /** Whether the agent was attached at run time: the attach advice set, else {@code null}s. */
  private final boolean attached;

  private final Advice attachAcceptAdvice;
  private final Advice attachSocketAdvice;
  private final Advice attachTlsAdvice;
  private final Advice attachChannelAdvice;
  private final Advice attachAsyncAdvice;
  private final Advice attachAprAdvice;

  /** What {@code ServerSocket.implAccept(Socket)} calls on the socket on Java 25. */
  private static final ElementMatcher.Junction<MethodDescription> SET_CONNECTED_IMPL =
      named("setConnectedImpl").and(takesArguments(SocketImpl.class)).and(not(isStatic()));

  /** The same on Java 17. */
  private static final ElementMatcher.Junction<MethodDescription> POST_ACCEPT =
      named("postAccept").and(takesNoArguments()).and(not(isStatic()));

  private static final ElementMatcher.Junction<MethodDescription> TLS_DONE =
      named("doneConnect").and(takesNoArguments()).and(not(isStatic())).and(not(isAbstract()));

  private static final ElementMatcher.Junction<MethodDescription> CHANNEL_FINISH =
      named("finishAccept")
          .and(takesArguments(FileDescriptor.class, SocketAddress.class))
          .and(returns(SocketChannel.class))
          .and(not(isStatic()));

  /** Where Tomcat 9's APR acceptor hands an accepted socket on. */
  private static final ElementMatcher.Junction<MethodDescription> APR_HAND_OVER =
      named("setSocketOptions")
          .and(takesArguments(Long.class))
          .and(returns(boolean.class))
          .and(not(isBridge()))
          .and(not(isAbstract()))
          .and(not(isStatic()));

  /** Two parameters on 25, three (an AccessControlContext as well) on 17. */
  private static final ElementMatcher.Junction<MethodDescription> ASYNC_FINISH =
      named("finishAccept").and(returns(AsynchronousSocketChannel.class)).and(not(isStatic()));

  /** The Byte Buddy side for an agent started with the JVM. */
  ByteBuddyTransform() {
    this(false);
  }

  /**
   * @param attached whether the agent was attached at run time
   */
  ByteBuddyTransform(boolean attached) {
    System.setProperty(
        "net.bytebuddy.nexus.disabled", "true"); // relocated by shading to our copy's name
    ClassFileLocator agentClasses =
        ClassFileLocator.ForClassLoader.of(ByteBuddyTransform.class.getClassLoader());
    TypePool advicePool = TypePool.Default.of(agentClasses);
    acceptAdvice = Advice.to(advicePool.describe(ADVICE + "AcceptAdvice").resolve(), agentClasses);
    futureAdvice =
        Advice.to(advicePool.describe(ADVICE + "AsyncAcceptFutureAdvice").resolve(), agentClasses);
    handlerAdvice =
        Advice.to(advicePool.describe(ADVICE + "AsyncAcceptHandlerAdvice").resolve(), agentClasses);
    nativeAcceptAdvice =
        Advice.to(advicePool.describe(ADVICE + "NativeAcceptAdvice").resolve(), agentClasses);
    nativeListenerAdvice =
        Advice.to(advicePool.describe(ADVICE + "NativeListenerAdvice").resolve(), agentClasses);
    uringAcceptAdvice =
        Advice.to(advicePool.describe(ADVICE + "UringAcceptAdvice").resolve(), agentClasses);
    incubatorUringAcceptAdvice =
        Advice.to(
            advicePool.describe(ADVICE + "IncubatorUringAcceptAdvice").resolve(), agentClasses);
    incubatorUringComplete =
        named("readComplete0")
            .and(takesArguments(int.class, int.class, int.class))
            .and(not(isAbstract()));
    nativeAccept =
        named("accept")
            .and(takesArguments(byte[].class))
            .and(returns(int.class))
            .and(not(isAbstract()));
    uringComplete =
        named("readComplete0")
            .and(takesArguments(byte.class, int.class, int.class, short.class, int.class))
            .and(not(isAbstract()));
    aprAcceptAdvice = advice(advicePool, agentClasses, "AprAcceptAdvice");
    // the real method, not the bridge that Tomcat's generic acceptor calls
    aprAccept =
        named("serverSocketAccept")
            .and(takesNoArguments())
            .and(returns(Long.class))
            .and(not(isBridge()))
            .and(not(isAbstract()))
            .and(not(isStatic()));
    accept0 = named("accept").and(takesNoArguments()).and(not(isBridge())).and(not(isAbstract()));
    acceptType =
        not(isInterface())
            .and(declaresMethod(accept0))
            .and(
                failSafe(
                    hasSuperClass(
                        named(Instrumenter.SERVER_SOCKET).or(named(Instrumenter.SERVER_CHANNEL)))));
    this.attached = attached;
    attachAcceptAdvice = attached ? advice(advicePool, agentClasses, "AttachAcceptAdvice") : null;
    attachSocketAdvice = attached ? advice(advicePool, agentClasses, "AttachSocketAdvice") : null;
    attachTlsAdvice = attached ? advice(advicePool, agentClasses, "AttachTlsAdvice") : null;
    attachChannelAdvice = attached ? advice(advicePool, agentClasses, "AttachChannelAdvice") : null;
    attachAsyncAdvice = attached ? advice(advicePool, agentClasses, "AttachAsyncAdvice") : null;
    attachAprAdvice = attached ? advice(advicePool, agentClasses, "AttachAprAdvice") : null;
    byteBuddy =
        new ByteBuddy()
            .with(TypeValidation.DISABLED)
            .with(Implementation.Context.Disabled.Factory.INSTANCE) // disableClassFormatChanges()
            .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE) // disableClassFormatChanges()
            .with(InstrumentedType.Factory.Default.FROZEN) // TypeStrategy.Default.REDEFINE_FROZEN
            .with(VisibilityBridgeStrategy.Default.NEVER); // TypeStrategy.Default.REDEFINE_FROZEN
  }

  /**
   * @param loader the defining loader, {@code null} for the boot loader
   * @param internalName the class name, internal form
   * @param bytes the original class file
   * @return the transformed class, or {@code null} if it does not match (Byte Buddy's matchers,
   *     checked again)
   */
  byte[] transform(ClassLoader loader, String internalName, byte[] bytes) {
    String name = internalName.replace('/', '.');
    ClassFileLocator locator =
        new ClassFileLocator.Compound(
            ClassFileLocator.Simple.of(name, bytes),
            loader == null
                ? ClassFileLocator.ForClassLoader.ofBootLoader()
                : ClassFileLocator.ForClassLoader.of(loader));
    TypePool pool =
        new TypePool.Default.WithLazyResolution(
            new TypePool.CacheProvider.Simple(), locator, TypePool.Default.ReaderMode.FAST);
    TypeDescription type = pool.describe(name).resolve();
    DynamicType.Builder<?> builder;
    NativeAcceptors.Hook hook = NativeAcceptors.hook(internalName);
    if (hook != null) {
      builder = redefine(type, locator).visit(nativeAdvice(type, hook));
      if (attached && hook == NativeAcceptors.Hook.APR && declares(type, APR_HAND_OVER)) {
        builder = builder.visit(attachAprAdvice.on(APR_HAND_OVER));
      }
    } else if (name.equals(Instrumenter.ASYNC_IMPL)) {
      builder =
          redefine(type, locator)
              .visit(futureAdvice.on(named("accept").and(takesNoArguments())))
              .visit(handlerAdvice.on(named("accept").and(takesArguments(2))));
    } else if (attached && Instrumenter.ATTACH_ONLY.contains(name)) {
      AsmVisitorWrapper attachHook = attachHook(type);
      if (attachHook == null) {
        return null;
      }
      builder = redefine(type, locator).visit(attachHook);
    } else if (acceptType.matches(type)) {
      builder =
          redefine(type, locator).visit((attached ? attachAcceptAdvice : acceptAdvice).on(accept0));
      if (attached && declares(type, CHANNEL_FINISH)) {
        builder = builder.visit(attachChannelAdvice.on(CHANNEL_FINISH));
      }
    } else {
      return null;
    }
    return builder.make(pool).getBytes();
  }

  // the advice for a class of Instrumenter.ATTACH_ONLY, or null if this JDK's code has no place
  // for it
  private AsmVisitorWrapper attachHook(TypeDescription type) {
    switch (type.getName()) {
      case Instrumenter.SOCKET:
        // one of them only: a socket must not be decided twice
        if (declares(type, SET_CONNECTED_IMPL)) {
          return attachSocketAdvice.on(SET_CONNECTED_IMPL);
        }
        return declares(type, POST_ACCEPT) ? attachSocketAdvice.on(POST_ACCEPT) : null;
      case Instrumenter.TLS_SOCKET:
        return declares(type, TLS_DONE) ? attachTlsAdvice.on(TLS_DONE) : null;
      case Instrumenter.UNIX_ASYNC_IMPL:
        boolean fields =
            !type.getDeclaredFields().filter(named("acceptHandler")).isEmpty()
                && !type.getDeclaredFields().filter(named("acceptFuture")).isEmpty();
        return fields && declares(type, ASYNC_FINISH) ? attachAsyncAdvice.on(ASYNC_FINISH) : null;
      default:
        return null;
    }
  }

  private static boolean declares(
      TypeDescription type, ElementMatcher<? super MethodDescription> methods) {
    return !type.getDeclaredMethods().filter(methods).isEmpty();
  }

  private static Advice advice(TypePool pool, ClassFileLocator classes, String simpleName) {
    return Advice.to(pool.describe(ADVICE + simpleName).resolve(), classes);
  }

  // the advice for a native acceptor class; fails when its code is not the Netty (or Tomcat) code
  // it was made for
  private AsmVisitorWrapper nativeAdvice(TypeDescription type, NativeAcceptors.Hook hook) {
    ElementMatcher.Junction<MethodDescription> methods;
    Advice advice;
    switch (hook) {
      case ACCEPT:
        methods = nativeAccept;
        advice = nativeAcceptAdvice;
        break;
      case URING:
        methods = uringComplete;
        advice = uringAcceptAdvice;
        break;
      case INCUBATOR_URING:
        methods = incubatorUringComplete;
        advice = incubatorUringAcceptAdvice;
        break;
      case APR:
        methods = aprAccept;
        advice = aprAcceptAdvice;
        break;
      case LISTENER:
      default:
        methods = isConstructor();
        advice = nativeListenerAdvice;
        break;
    }
    if (type.getDeclaredMethods().filter(methods).isEmpty()) {
      throw new NativeAcceptors.UnexpectedCode(
          "declares no "
              + hook.name().toLowerCase(java.util.Locale.ROOT)
              + " method the agent knows");
    }
    return advice.on(methods);
  }

  private DynamicType.Builder<?> redefine(TypeDescription type, ClassFileLocator locator) {
    return byteBuddy
        .redefine(type, locator)
        .ignoreAlso(LatentMatcher.ForSelfDeclaredMethod.NOT_DECLARED);
  }
}
