package dev.tcpwrap.agent.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The dispatcher without instrumentation (the classes are on the app class path here). */
class AcceptGateTest {

  @AfterEach
  void reset() {
    AcceptGate.filter = null;
    AcceptGate.denyOnError = true;
  }

  @Test
  void passesEverythingWithoutFilterAndNull() {
    assertThat(AcceptGate.refuse(new Object())).isFalse();
    AcceptGate.filter = (l, c) -> true;
    assertThat(AcceptGate.refuse(null)).isFalse();
  }

  @Test
  void adaptorOfAPassedChannelIsNotDecidedAgain() throws Exception {
    List<Object> decided = new ArrayList<>();
    AcceptGate.filter =
        (l, c) -> {
          decided.add(c);
          return false;
        };
    try (ServerSocketChannel ssc =
            ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        SocketChannel client = SocketChannel.open(ssc.getLocalAddress());
        SocketChannel accepted = ssc.accept()) {
      assertThat(AcceptGate.refuse(accepted)).isFalse(); // inner layer: the channel
      Socket adaptor = accepted.socket();
      assertThat(AcceptGate.refuse(adaptor)).isFalse(); // outer layer: its adaptor
      assertThat(decided).containsExactly(accepted);
      assertThat(AcceptGate.refuse(adaptor)).isFalse(); // a new, unrelated call decides again
      assertThat(decided).hasSize(2);
    }
  }

  @Test
  void filterFailureFollowsOnerror() throws Exception {
    AcceptGate.filter =
        (l, c) -> {
          throw new IllegalStateException("boom");
        };
    try (ServerSocketChannel ssc =
            ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        SocketChannel client = SocketChannel.open(ssc.getLocalAddress());
        SocketChannel a = ssc.accept();
        SocketChannel client2 = SocketChannel.open(ssc.getLocalAddress());
        SocketChannel b = ssc.accept()) {
      long before = AcceptGate.ESCAPED_FAILURES.get();
      assertThat(AcceptGate.refuse(a)).isTrue();
      assertThat(a.isOpen()).isFalse();
      AcceptGate.denyOnError = false;
      assertThat(AcceptGate.refuse(b)).isFalse();
      assertThat(b.isOpen()).isTrue();
      assertThat(AcceptGate.ESCAPED_FAILURES.get()).isEqualTo(before + 2);
    }
  }
}
