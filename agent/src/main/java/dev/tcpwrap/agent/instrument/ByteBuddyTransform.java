package dev.tcpwrap.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.failSafe;
import static net.bytebuddy.matcher.ElementMatchers.hasSuperClass;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.none;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;
import java.util.function.BiConsumer;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;

/**
 * The Byte Buddy side of the instrumentation: an {@link AgentBuilder} made into a raw, unregistered
 * transformer that {@link AcceptTransformer} calls for the classes it selected and did not find in the
 * {@link TransformCache}. Only this class (and the advice classes, read as class files) refers to Byte Buddy,
 * so a JVM whose transformations are all cached never loads it.
 *
 * <p>Set-up choices, for start-up cost: advice described from class files through a type pool (the advice
 * classes are never loaded), {@code POOL_ONLY} descriptions and the {@code FAST} pool (no reflection on loaded
 * classes), no type validation, no Nexus, no listener that builds strings for every class. Everything that
 * decides the produced bytes is unchanged: retransformation, no class format changes, the same advice and
 * matchers as before the cache existed.
 */
final class ByteBuddyTransform {

  /** Package of the advice classes. */
  private static final String ADVICE = "dev.tcpwrap.agent.instrument.";

  private final ClassFileTransformer raw;

  /** @param onError receives (type name, failure) for a class Byte Buddy could not transform */
  ByteBuddyTransform(BiConsumer<String, Throwable> onError) {
    System.setProperty("net.bytebuddy.nexus.disabled", "true"); // relocated by shading to our copy's name
    ClassFileLocator agentClasses = ClassFileLocator.ForClassLoader.of(ByteBuddyTransform.class.getClassLoader());
    TypePool advicePool = TypePool.Default.of(agentClasses);
    Advice acceptAdvice = Advice.to(advicePool.describe(ADVICE + "AcceptAdvice").resolve(), agentClasses);
    Advice futureAdvice = Advice.to(advicePool.describe(ADVICE + "AsyncAcceptFutureAdvice").resolve(),
        agentClasses);
    Advice handlerAdvice = Advice.to(advicePool.describe(ADVICE + "AsyncAcceptHandlerAdvice").resolve(),
        agentClasses);
    ElementMatcher.Junction<MethodDescription> accept0 = named("accept").and(takesNoArguments())
        .and(not(isBridge())).and(not(isAbstract()));
    raw = new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
        .disableClassFormatChanges()
        .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
        .with(AgentBuilder.PoolStrategy.Default.FAST)
        .with(AgentBuilder.DescriptionStrategy.Default.POOL_ONLY)
        .with(new AgentBuilder.Listener.Adapter() {
          @Override
          public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded,
                              Throwable throwable) {
            onError.accept(typeName, throwable);
          }
        })
        .ignore(none()) // AcceptTransformer already selected the class
        .type(not(isInterface()).and(declaresMethod(accept0))
            .and(failSafe(hasSuperClass(named(Instrumenter.SERVER_SOCKET).or(named(Instrumenter.SERVER_CHANNEL))))))
        .transform((builder, type, loader, module, pd) -> builder.visit(acceptAdvice.on(accept0)))
        .type(named(Instrumenter.ASYNC_IMPL))
        .transform((builder, type, loader, module, pd) -> builder
            .visit(futureAdvice.on(named("accept").and(takesNoArguments())))
            .visit(handlerAdvice.on(named("accept").and(takesArguments(2)))))
        .makeRaw();
  }

  /**
   * @return the transformed class, or {@code null} if Byte Buddy did not transform it (no match or an error,
   *         reported to {@code onError})
   */
  byte[] transform(Module module, ClassLoader loader, String internalName, Class<?> redefined,
                   ProtectionDomain pd, byte[] bytes) throws IllegalClassFormatException {
    return module == null ? raw.transform(loader, internalName, redefined, pd, bytes)
        : raw.transform(module, loader, internalName, redefined, pd, bytes);
  }
}
