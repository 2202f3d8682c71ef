package dev.tcpwrap.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.failSafe;
import static net.bytebuddy.matcher.ElementMatchers.hasSuperClass;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
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

  ByteBuddyTransform() {
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
    accept0 = named("accept").and(takesNoArguments()).and(not(isBridge())).and(not(isAbstract()));
    acceptType =
        not(isInterface())
            .and(declaresMethod(accept0))
            .and(
                failSafe(
                    hasSuperClass(
                        named(Instrumenter.SERVER_SOCKET).or(named(Instrumenter.SERVER_CHANNEL)))));
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
    } else if (name.equals(Instrumenter.ASYNC_IMPL)) {
      builder =
          redefine(type, locator)
              .visit(futureAdvice.on(named("accept").and(takesNoArguments())))
              .visit(handlerAdvice.on(named("accept").and(takesArguments(2))));
    } else if (acceptType.matches(type)) {
      builder = redefine(type, locator).visit(acceptAdvice.on(accept0));
    } else {
      return null;
    }
    return builder.make(pool).getBytes();
  }

  // the advice for a native acceptor class; fails when its code is not the Netty code it was made
  // for
  private net.bytebuddy.asm.AsmVisitorWrapper nativeAdvice(
      TypeDescription type, NativeAcceptors.Hook hook) {
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
      case LISTENER:
      default:
        methods = isConstructor();
        advice = nativeListenerAdvice;
        break;
    }
    if (type.getDeclaredMethods().filter(methods).isEmpty()) {
      throw new IllegalStateException(
          "declares no " + methods + ": not the Netty code the agent knows");
    }
    return advice.on(methods);
  }

  private DynamicType.Builder<?> redefine(TypeDescription type, ClassFileLocator locator) {
    return byteBuddy
        .redefine(type, locator)
        .ignoreAlso(LatentMatcher.ForSelfDeclaredMethod.NOT_DECLARED);
  }
}
