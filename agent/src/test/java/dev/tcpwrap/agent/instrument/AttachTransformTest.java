package dev.tcpwrap.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.agent.bootstrap.AttachGate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The instrumentation of an agent attached at run time, on the JDK running the tests: the accept
 * advice that marks the thread, the hooks deeper in the accept path, and a cache key of its own.
 * (That an agent started with the JVM is unchanged is {@link ByteBuddyEquivalenceTest}.)
 */
class AttachTransformTest {

  @TempDir Path tmp;

  static final Module BASE = Object.class.getModule();

  private static String constants(byte[] classFile) {
    return new String(classFile, StandardCharsets.ISO_8859_1);
  }

  @Test
  void theAcceptPathGetsTheAttachAdvice() throws Exception {
    ByteBuddyTransform attached = new ByteBuddyTransform(true);
    ByteBuddyTransform atStart = new ByteBuddyTransform();
    for (String name :
        List.of(
            "java/net/ServerSocket",
            "sun/security/ssl/SSLServerSocketImpl",
            "sun/nio/ch/ServerSocketAdaptor",
            "sun/nio/ch/ServerSocketChannelImpl")) {
      byte[] original = ClassHeaderTest.bytes(name);
      assertThat(constants(attached.transform(null, name, original)))
          .as(name)
          .contains("enterAccept", "exitAccept");
      assertThat(constants(atStart.transform(null, name, original)))
          .as(name)
          .doesNotContain("enterAccept");
    }
    byte[] channel = ClassHeaderTest.bytes("sun/nio/ch/ServerSocketChannelImpl");
    assertThat(constants(attached.transform(null, "sun/nio/ch/ServerSocketChannelImpl", channel)))
        .contains("acceptedChannel");

    String[][] deep = {
      {"java/net/Socket", "acceptedSocket"},
      {"sun/security/ssl/SSLSocketImpl", "tlsConnected"},
      {"sun/nio/ch/UnixAsynchronousServerSocketChannelImpl", "acceptedAsync"}
    };
    for (String[] d : deep) {
      byte[] original = ClassHeaderTest.bytes(d[0]);
      assertThat(constants(attached.transform(null, d[0], original))).as(d[0]).contains(d[1]);
      assertThat(atStart.transform(null, d[0], original)).as(d[0] + " at start").isNull();
    }

    byte[] async = ClassHeaderTest.bytes("sun/nio/ch/AsynchronousServerSocketChannelImpl");
    assertThat(attached.transform(null, "sun/nio/ch/AsynchronousServerSocketChannelImpl", async))
        .as("the same advice either way")
        .isEqualTo(
            atStart.transform(null, "sun/nio/ch/AsynchronousServerSocketChannelImpl", async));
  }

  @Test
  void attachedBytesHaveACacheKeyOfTheirOwn() throws Exception {
    byte[] original = ClassHeaderTest.bytes("java/net/ServerSocket");
    Path root = tmp.resolve("cache");
    TransformCacheTest.Events events = new TransformCacheTest.Events();
    byte[] atStart =
        new AcceptTransformer(TransformCache.open(root, "b"), false, events)
            .transform(BASE, null, "java/net/ServerSocket", null, null, original);
    byte[] attached =
        new AcceptTransformer(TransformCache.open(root, "b"), true, events)
            .transform(BASE, null, "java/net/ServerSocket", null, null, original);
    assertThat(attached).isNotEqualTo(atStart);
    assertThat(
            new AcceptTransformer(TransformCache.open(root, "b"), true, events)
                .transform(BASE, null, "java/net/ServerSocket", null, null, original))
        .isEqualTo(attached);
    assertThat(
            new AcceptTransformer(TransformCache.open(root, "b"), false, events)
                .transform(BASE, null, "java/net/ServerSocket", null, null, original))
        .isEqualTo(atStart);
    assertThat(events.log)
        .containsExactly(
            "transformed java/net/ServerSocket",
            "transformed java/net/ServerSocket",
            "cached java/net/ServerSocket",
            "cached java/net/ServerSocket");
  }

  @Test
  void deepClassesAreOnlySelectedWhenAttachedAndMayLackTheirMethod() throws Exception {
    byte[] socket = ClassHeaderTest.bytes("java/net/Socket");
    TransformCacheTest.Events events = new TransformCacheTest.Events();
    assertThat(
            new AcceptTransformer(null, false, events)
                .transform(BASE, null, "java/net/Socket", null, null, socket))
        .isNull();
    assertThat(
            new AcceptTransformer(null, true, events)
                .transform(BASE, null, "java/net/Socket", null, null, socket))
        .isNotNull();

    // a JDK whose Socket has neither postAccept() nor setConnectedImpl(SocketImpl)
    byte[] other = new ByteBuddy().subclass(Object.class).name("java.net.Socket").make().getBytes();
    AcceptTransformer t = new AcceptTransformer(null, true, events);
    assertThat(t.transform(BASE, null, "java/net/Socket", null, null, other)).isNull();
    assertThat(t.errors.get()).isZero();
    assertThat(events.log).containsExactly("transformed java/net/Socket");
  }

  @Test
  void tlsSocketsWaitForDoneConnectOnlyWhenItHasTheAdvice() throws Exception {
    AttachGate.tlsHooked = false;
    byte[] tls = ClassHeaderTest.bytes("sun/security/ssl/SSLSocketImpl");
    new AcceptTransformer(null, false, new TransformCacheTest.Events())
        .transform(BASE, null, "sun/security/ssl/SSLSocketImpl", null, null, tls);
    assertThat(AttachGate.tlsHooked).isFalse();
    new AcceptTransformer(null, true, new TransformCacheTest.Events())
        .transform(BASE, null, "sun/security/ssl/SSLSocketImpl", null, null, tls);
    assertThat(AttachGate.tlsHooked).isTrue();
    AttachGate.tlsHooked = false;
  }
}
