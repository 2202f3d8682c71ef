package dev.tcpwrap.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.failSafe;
import static net.bytebuddy.matcher.ElementMatchers.hasSuperClass;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.instrument.ClassFileTransformer;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

/**
 * {@link ByteBuddyTransform} must produce exactly what an {@code AgentBuilder} with the agent's
 * matchers, advice and set-up produces (retransformation, {@code disableClassFormatChanges()},
 * {@code POOL_ONLY}, {@code FAST} pool, advice described from class files): same bytes. (The
 * agent's first {@code AgentBuilder} set-up, with {@code Advice.to(Class)}, the default {@code
 * HYBRID} descriptions and type validation on, produced, for {@code ServerSocket} (compared with
 * javap), the same class file up to the order of attributes inside unchanged methods' {@code Code}:
 * ASM rewrote instead of copying them.)
 */
class ByteBuddyEquivalenceTest {

  static final List<String> JDK_ACCEPT_CLASSES =
      List.of(
          "java/net/ServerSocket",
          "sun/security/ssl/SSLServerSocketImpl",
          "sun/nio/ch/ServerSocketAdaptor",
          "sun/nio/ch/ServerSocketChannelImpl",
          "sun/nio/ch/AsynchronousServerSocketChannelImpl");

  /**
   * The AgentBuilder configuration of the agent's Instrumenter, with the start-up settings of the
   * cache.
   */
  static ClassFileTransformer agentBuilder() {
    System.setProperty("net.bytebuddy.nexus.disabled", "true");
    ElementMatcher.Junction<MethodDescription> accept0 =
        named("accept").and(takesNoArguments()).and(not(isBridge())).and(not(isAbstract()));
    ClassFileLocator agentClasses =
        ClassFileLocator.ForClassLoader.of(AcceptAdvice.class.getClassLoader());
    TypePool pool = TypePool.Default.of(agentClasses);
    Advice acceptAdvice =
        Advice.to(pool.describe(AcceptAdvice.class.getName()).resolve(), agentClasses);
    Advice futureAdvice =
        Advice.to(pool.describe(AsyncAcceptFutureAdvice.class.getName()).resolve(), agentClasses);
    Advice handlerAdvice =
        Advice.to(pool.describe(AsyncAcceptHandlerAdvice.class.getName()).resolve(), agentClasses);
    return new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
        .disableClassFormatChanges()
        .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
        .with(AgentBuilder.PoolStrategy.Default.FAST)
        .with(AgentBuilder.DescriptionStrategy.Default.POOL_ONLY)
        .ignore(
            nameStartsWith("dev.tcpwrap.")
                .or(isSynthetic())
                .or(nameStartsWith("jdk.internal.reflect."))
                .or(nameStartsWith("sun.reflect."))
                .or(nameStartsWith("java.lang.invoke.")))
        .type(
            not(isInterface())
                .and(declaresMethod(accept0))
                .and(
                    failSafe(
                        hasSuperClass(
                            named("java.net.ServerSocket")
                                .or(named("java.nio.channels.ServerSocketChannel"))))))
        .transform((builder, type, loader, module, pd) -> builder.visit(acceptAdvice.on(accept0)))
        .type(named("sun.nio.ch.AsynchronousServerSocketChannelImpl"))
        .transform(
            (builder, type, loader, module, pd) ->
                builder
                    .visit(futureAdvice.on(named("accept").and(takesNoArguments())))
                    .visit(handlerAdvice.on(named("accept").and(takesArguments(2)))))
        .makeRaw();
  }

  @Test
  void sameBytesAsTheAgentBuilderSetUp() throws Exception {
    ClassFileTransformer reference = agentBuilder();
    ByteBuddyTransform direct = new ByteBuddyTransform();
    Module base = Object.class.getModule();
    for (String name : JDK_ACCEPT_CLASSES) {
      byte[] original = ClassHeaderTest.bytes(name);
      byte[] expected = reference.transform(base, null, name, null, null, original);
      assertThat(expected).as("reference transforms %s", name).isNotNull();
      byte[] actual = direct.transform(null, name, original);
      if (System.getProperty("dump") != null) {
        java.nio.file.Files.write(
            java.nio.file.Path.of("/tmp/dump-ref-" + name.replace('/', '.') + ".class"), expected);
        java.nio.file.Files.write(
            java.nio.file.Path.of("/tmp/dump-new-" + name.replace('/', '.') + ".class"), actual);
      }
      assertThat(actual).as(name).isEqualTo(expected);
    }
    byte[] string = ClassHeaderTest.bytes("java/lang/String");
    assertThat(direct.transform(null, "java/lang/String", string)).isNull();
  }
}
