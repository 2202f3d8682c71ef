package dev.tcpwrap.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpwrap.agent.bootstrap.AcceptGate;
import dev.tcpwrap.agent.bootstrap.AttachGate;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * Byte Buddy's side of the native hooks, on stand-ins for Netty and Tomcat under other package
 * prefixes.
 */
class NativeTransformTest {

  static byte[] bytes(String internalName) throws Exception {
    try (InputStream in =
        NativeTransformTest.class.getClassLoader().getResourceAsStream(internalName + ".class")) {
      return in.readAllBytes();
    }
  }

  @Test
  void theNativeAcceptAndTheListenerConstructorsGetTheirAdvice() throws Exception {
    ByteBuddyTransform bb = new ByteBuddyTransform();
    ClassLoader loader = getClass().getClassLoader();
    for (String name :
        new String[] {
          "fake/netty/channel/unix/Socket", "fake/netty/channel/epoll/EpollServerSocketChannel"
        }) {
      byte[] original = bytes(name);
      byte[] out = bb.transform(loader, name, original);
      assertThat(out).as(name).isNotNull().isNotEqualTo(original);
      assertThat(new String(out, java.nio.charset.StandardCharsets.ISO_8859_1))
          .as("calls the gate")
          .contains("dev/tcpwrap/agent/bootstrap/AcceptGate");
    }
  }

  /**
   * Tomcat's APR accept, on a stand-in under another prefix: the advice is on the real method, not
   * on the bridge the acceptor calls, so a refused socket makes the accept run again and the
   * acceptor gets the next one; a gate that fails lets the socket pass.
   */
  @Test
  void aRefusedAprSocketIsAcceptedAgainThroughTheBridgeAndAFailingGateLetsItPass()
      throws Exception {
    String name = "fake/tomcat/util/net/AprEndpoint";
    byte[] out = new ByteBuddyTransform().transform(getClass().getClassLoader(), name, bytes(name));
    Class<?> type =
        new OneClassLoader(name.replace('/', '.'), out).loadClass(name.replace('/', '.'));
    Object endpoint = type.getConstructor().newInstance();
    @SuppressWarnings("unchecked")
    java.util.Deque<Long> pending = (java.util.Deque<Long>) type.getField("pending").get(endpoint);
    java.util.List<Long> decided = new java.util.ArrayList<>();
    AcceptGate.Filter filter =
        new AcceptGate.Filter() {
          @Override
          public boolean refuse(Object listener, Object connection) {
            return false;
          }

          @Override
          public boolean refuseApr(Object ep, long socket) {
            assertThat(ep).isSameAs(endpoint);
            decided.add(socket);
            if (socket == 13) {
              throw new IllegalStateException("a failing gate");
            }
            return socket < 10;
          }
        };
    java.lang.reflect.Method accept = type.getMethod("acceptAsTomcatDoes");
    AcceptGate.Filter before = AcceptGate.filter;
    AcceptGate.filter = filter;
    try {
      pending.addAll(java.util.List.of(5L, 6L, 11L, 13L));
      assertThat(accept.invoke(endpoint)).isEqualTo(11L);
      assertThat(decided).as("each socket once").containsExactly(5L, 6L, 11L);
      assertThat(accept.invoke(endpoint)).isEqualTo(13L);
    } finally {
      AcceptGate.filter = before;
    }
  }

  /**
   * After an attach: the socket that a {@code serverSocketAccept()} waiting since before the attach
   * returns unchecked is decided where the acceptor hands it on; a refused one is not handed on.
   * Sockets the instrumented accept let through are not decided twice.
   */
  @Test
  void afterAnAttachTheHandOverDecidesOnlyWhatNoInstrumentedAcceptDecided() throws Exception {
    String name = "fake/tomcat/util/net/AprEndpoint";
    byte[] out =
        new ByteBuddyTransform(true).transform(getClass().getClassLoader(), name, bytes(name));
    Class<?> type =
        new OneClassLoader(name.replace('/', '.'), out).loadClass(name.replace('/', '.'));
    Object endpoint = type.getConstructor().newInstance();
    @SuppressWarnings("unchecked")
    java.util.Deque<Long> pending = (java.util.Deque<Long>) type.getField("pending").get(endpoint);
    @SuppressWarnings("unchecked")
    java.util.List<Long> handedOn = (java.util.List<Long>) type.getField("handedOn").get(endpoint);
    java.util.List<String> decided = new java.util.ArrayList<>();
    AcceptGate.Filter filter =
        new AcceptGate.Filter() {
          @Override
          public boolean refuse(Object listener, Object connection) {
            return false;
          }

          @Override
          public boolean refuseApr(Object ep, long socket) {
            decided.add("accept " + socket);
            return socket < 10;
          }

          @Override
          public boolean refuseAprHandedOn(Object ep, long socket) {
            decided.add("hand-over " + socket);
            return socket < 30;
          }
        };
    java.lang.reflect.Method accept = type.getMethod("acceptAsTomcatDoes");
    java.lang.reflect.Method handOver = type.getMethod("handOverAsTomcatDoes", Object.class);
    AcceptGate.Filter before = AcceptGate.filter;
    AcceptGate.filter = filter;
    AttachGate.aprHandOverHooked = true;
    try {
      // returned by a call that predates the attach: refused, and not handed on
      assertThat(handOver.invoke(endpoint, 21L)).isEqualTo(true);
      assertThat(handOver.invoke(endpoint, 31L)).isEqualTo(true);
      // an instrumented accept: decided there only
      pending.addAll(java.util.List.of(5L, 11L));
      Object socket = accept.invoke(endpoint);
      assertThat(handOver.invoke(endpoint, socket)).isEqualTo(true);
      assertThat(decided).containsExactly("hand-over 21", "hand-over 31", "accept 5", "accept 11");
      assertThat(handedOn).containsExactly(31L, 11L);
    } finally {
      AcceptGate.filter = before;
      AttachGate.aprHandOverHooked = false;
    }
  }

  /** Defines one class from given bytes, everything else from the test's class path. */
  private static final class OneClassLoader extends ClassLoader {
    private final String name;
    private final byte[] bytes;

    OneClassLoader(String name, byte[] bytes) {
      super(NativeTransformTest.class.getClassLoader());
      this.name = name;
      this.bytes = bytes;
    }

    @Override
    protected Class<?> loadClass(String n, boolean resolve) throws ClassNotFoundException {
      if (n.equals(name)) {
        synchronized (getClassLoadingLock(n)) {
          Class<?> c = findLoadedClass(n);
          return c != null ? c : defineClass(n, bytes, 0, bytes.length);
        }
      }
      return super.loadClass(n, resolve);
    }
  }

  @Test
  void codeThatIsNotTheNettyTheAgentKnowsIsRefusedNotHalfInstrumented() throws Exception {
    ByteBuddyTransform bb = new ByteBuddyTransform();
    String name = "fake/oldnetty/channel/unix/Socket";
    byte[] original = bytes(name);
    assertThatThrownBy(() -> bb.transform(getClass().getClassLoader(), name, original))
        .isInstanceOf(NativeAcceptors.UnexpectedCode.class)
        .hasMessageContaining("declares no accept method the agent knows");
  }
}
