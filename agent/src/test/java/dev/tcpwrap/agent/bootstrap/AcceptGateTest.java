package dev.tcpwrap.agent.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
    assertThat(AcceptGate.refuse(null, new Object())).isFalse();
    AcceptGate.filter = (l, c) -> true;
    assertThat(AcceptGate.refuse(null, null)).isFalse();
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
      assertThat(AcceptGate.refuse(null, accepted)).isFalse(); // inner layer: the channel
      Socket adaptor = accepted.socket();
      assertThat(AcceptGate.refuse(null, adaptor)).isFalse(); // outer layer: its adaptor
      assertThat(decided).containsExactly(accepted);
      assertThat(AcceptGate.refuse(null, adaptor)).isFalse(); // a new, unrelated call decides again
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
      assertThat(AcceptGate.refuse(null, a)).isTrue();
      assertThat(a.isOpen()).isFalse();
      AcceptGate.denyOnError = false;
      assertThat(AcceptGate.refuse(null, b)).isFalse();
      assertThat(b.isOpen()).isTrue();
      assertThat(AcceptGate.ESCAPED_FAILURES.get()).isEqualTo(before + 2);
    }
  }

  // a filter that records what it decides and refuses the connections in `refused`
  private static List<Object> recording(List<Object> refused) {
    List<Object> decided = new ArrayList<>();
    AcceptGate.filter =
        (l, c) -> {
          decided.add(c);
          if (refused.contains(c)) {
            AcceptGate.closeQuietly(c);
            return true;
          }
          return false;
        };
    return decided;
  }

  @Test
  void afterAnAttachTheDeepHookDecidesOnlyOutsideAnInstrumentedAccept() throws Exception {
    List<Object> decided = recording(List.of());
    InetAddress lo = InetAddress.getLoopbackAddress();
    try (ServerSocket ss = new ServerSocket(0, 50, lo);
        Socket c1 = new Socket(lo, ss.getLocalPort());
        Socket c2 = new Socket(lo, ss.getLocalPort());
        Socket a1 = ss.accept();
        Socket a2 = ss.accept()) {
      int[] depth = AttachGate.enterAccept();
      AttachGate.acceptedSocket(a1);
      assertThat(decided).as("left to the accept()'s own advice").isEmpty();
      assertThat(AttachGate.exitAccept(depth, ss, a1)).isFalse();
      assertThat(decided).containsExactly(a1);

      AttachGate.acceptedSocket(a2); // no accept() with advice on the stack: an old frame
      assertThat(decided).containsExactly(a1, a2);
    }
  }

  @Test
  void aRepeatingAcceptStaysMarkedAndAThrowingOneIsLeft() throws Exception {
    InetAddress lo = InetAddress.getLoopbackAddress();
    try (ServerSocket ss = new ServerSocket(0, 50, lo);
        Socket c1 = new Socket(lo, ss.getLocalPort());
        Socket c2 = new Socket(lo, ss.getLocalPort());
        Socket a1 = ss.accept();
        Socket a2 = ss.accept()) {
      List<Object> decided = recording(List.of(a1));
      int[] depth = AttachGate.enterAccept();
      assertThat(AttachGate.exitAccept(depth, ss, a1)).as("refused: repeat").isTrue();
      AttachGate.acceptedSocket(a2); // inside the repeated accept()
      assertThat(decided).containsExactly(a1);
      assertThat(AttachGate.exitAccept(depth, ss, a2)).isFalse();
      assertThat(depth[0]).isZero();

      depth = AttachGate.enterAccept();
      assertThat(AttachGate.exitAccept(depth, ss, null)).as("accept() threw").isFalse();
      assertThat(depth[0]).isZero();
      assertThat(AttachGate.exitAccept(null, ss, null)).as("the entry advice failed").isFalse();
      assertThat(depth[0]).isZero();
    }
  }

  @Test
  void aRefusedChannelOfAnOldFrameIsReplacedByTheNextAccept() throws Exception {
    try (ServerSocketChannel ssc =
            ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        SocketChannel c1 = SocketChannel.open(ssc.getLocalAddress());
        SocketChannel c2 = SocketChannel.open(ssc.getLocalAddress());
        SocketChannel c3 = SocketChannel.open(ssc.getLocalAddress());
        SocketChannel a1 = ssc.accept()) {
      List<Object> decided = recording(List.of(a1));
      try (SocketChannel next = AttachGate.acceptedChannel(ssc, a1)) {
        assertThat(a1.isOpen()).isFalse();
        assertThat(next).isNotNull().isNotSameAs(a1);
        assertThat(next.isOpen()).isTrue();
        assertThat(decided).containsExactly(a1);
      }

      // with a timeout on the adaptor a fresh accept() would not time out: the closed channel
      ssc.socket().setSoTimeout(1_000);
      SocketChannel a3 = ssc.accept();
      recording(List.of(a3));
      assertThat(AttachGate.acceptedChannel(ssc, a3)).isSameAs(a3);
      assertThat(a3.isOpen()).isFalse();
    }
  }

  @Test
  void aPreArmedAsyncHandlerIsWrappedAndAPreArmedFutureDecidedOnce() throws Exception {
    try (AsynchronousSocketChannel child = AsynchronousSocketChannel.open()) {
      List<Object> decided = recording(List.of());
      CompletionHandler<AsynchronousSocketChannel, Object> app =
          new CompletionHandler<>() {
            @Override
            public void completed(AsynchronousSocketChannel result, Object attachment) {}

            @Override
            public void failed(Throwable exc, Object attachment) {}
          };
      CompletionHandler<?, ?> wrapped = AttachGate.acceptedAsync(null, app, null, child);
      assertThat(wrapped).isInstanceOf(GateHandler.class);
      assertThat(AttachGate.acceptedAsync(null, wrapped, null, child)).isSameAs(wrapped);
      assertThat(decided).as("the gated handler decides").isEmpty();

      assertThat(AttachGate.acceptedAsync(null, null, new CompletableFuture<>(), child)).isNull();
      assertThat(decided).containsExactly(child);
      assertThat(
              AttachGate.acceptedAsync(null, null, CompletableFuture.completedFuture(null), child))
          .isNull();
      assertThat(decided).as("a done Future is left over from an earlier accept").hasSize(1);
    }
  }
}
