package dev.tcpwrap.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** Byte Buddy's side of the native hooks, on stand-ins for Netty under other package prefixes. */
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
