package dev.tcpwrap.it.frameworks;

import dev.tcpwrap.it.agent.harness.Probe;
import dev.tcpwrap.it.servers.GrpcServer;
import dev.tcpwrap.it.servers.JmxServer;
import io.grpc.Attributes;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The clients of the framework tests, each bound to a chosen loopback source address: an HTTP/1.1
 * GET over a plain socket, a raw JRMP handshake, a real JMX client, a real gRPC call and a raw
 * HTTP/2 connection preface. The raw ones read until EOF, reset or timeout (the HTTP/2 one until
 * the server's first bytes).
 */
final class Clients {

  /** The bytes a JRMP client sends first: magic {@code JRMI}, version 2, StreamProtocol. */
  static final byte[] JRMP_HEADER = {0x4a, 0x52, 0x4d, 0x49, 0x00, 0x02, 0x4b};

  /** The first byte of the server's answer to {@link #JRMP_HEADER}: ProtocolAck. */
  static final int JRMP_PROTOCOL_ACK = 0x4e;

  /**
   * An HTTP/2 client's first bytes over cleartext with prior knowledge (gRPC's way): the connection
   * preface and an empty SETTINGS frame (RFC 9113, 3.4).
   */
  static final byte[] H2_PREFACE = {
    'P', 'R', 'I', ' ', '*', ' ', 'H', 'T', 'T', 'P', '/', '2', '.', '0', '\r', '\n', '\r', '\n',
    'S', 'M', '\r', '\n', '\r', '\n', 0, 0, 0, 0x04, 0, 0, 0, 0, 0
  };

  /** The type byte of an HTTP/2 SETTINGS frame, the fourth byte of the server's first frame. */
  static final int H2_SETTINGS = 0x04;

  private Clients() {}

  /**
   * {@code GET / HTTP/1.1} with {@code Connection: close} from {@code source}; reads to the end.
   */
  static Probe.Result httpGet(String source, int port, int timeoutMillis) throws IOException {
    String req =
        "GET / HTTP/1.1\r\nHost: 127.0.0.1:"
            + port
            + "\r\nUser-Agent: tcpwrap-it\r\n"
            + "Connection: close\r\n\r\n";
    return exchange(source, port, req.getBytes(StandardCharsets.US_ASCII), timeoutMillis);
  }

  /**
   * The first bytes of an RMI client (JRMP stream protocol) from {@code source}; reads to the end.
   */
  static Probe.Result jrmpHandshake(String source, int port, int timeoutMillis) throws IOException {
    return exchange(source, port, JRMP_HEADER, timeoutMillis);
  }

  /**
   * A whole JRMP stream-protocol exchange from {@code source}: header, ProtocolAck with the
   * client's host as the server saw it, the client's endpoint, a Ping and its PingAck; then a clean
   * close.
   *
   * @return the client host named in the server's ProtocolAck
   */
  static String jrmpPing(String source, int port, int timeoutMillis) throws IOException {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(source, 0));
      s.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
      s.setSoTimeout(timeoutMillis);
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      DataInputStream in = new DataInputStream(s.getInputStream());
      out.write(JRMP_HEADER);
      out.flush();
      int ack = in.readUnsignedByte();
      if (ack != JRMP_PROTOCOL_ACK) {
        throw new IOException("no ProtocolAck: " + ack);
      }
      String seenAs = in.readUTF();
      in.readInt();
      out.writeUTF(source);
      out.writeInt(0);
      out.writeByte(0x52); // Ping
      out.flush();
      int pingAck = in.readUnsignedByte();
      if (pingAck != 0x53) {
        throw new IOException("no PingAck: " + pingAck);
      }
      return seenAs;
    }
  }

  /** Connects from 127.0.0.1 with a JMX client and reads the test MBean's {@code Greeting}. */
  static String jmxGreeting(int port) throws Exception {
    JMXServiceURL url =
        new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
    try (JMXConnector c = JMXConnectorFactory.connect(url)) {
      return (String)
          c.getMBeanServerConnection().getAttribute(new ObjectName(JmxServer.NAME), "Greeting");
    }
  }

  /**
   * A real gRPC call from {@code source}: a new channel of gRPC's own client ({@code
   * grpc-netty-shaded}), so a new connection, bound to {@code source}; the unary {@link
   * GrpcServer#HELLO}; then the channel is shut down.
   *
   * @return the reply, {@code HELLO <address the server saw>\n}
   * @throws io.grpc.StatusRuntimeException if the call failed (UNAVAILABLE when the connection was
   *     closed)
   */
  static String grpcHello(String source, int port, int timeoutMillis) throws Exception {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
            .usePlaintext()
            .localSocketPicker(
                new NettyChannelBuilder.LocalSocketPicker() {
                  @Override
                  public SocketAddress createSocketAddress(SocketAddress remote, Attributes attrs) {
                    return new InetSocketAddress(source, 0);
                  }
                })
            .build();
    try {
      ClientCall<String, String> call =
          channel.newCall(
              GrpcServer.HELLO,
              CallOptions.DEFAULT.withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS));
      CompletableFuture<String> reply = new CompletableFuture<>();
      StringBuilder got = new StringBuilder();
      call.start(
          new ClientCall.Listener<>() {
            @Override
            public void onMessage(String message) {
              got.append(message);
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
              if (status.isOk()) {
                reply.complete(got.toString());
              } else {
                reply.completeExceptionally(status.asRuntimeException(trailers));
              }
            }
          },
          new Metadata());
      call.request(2);
      call.sendMessage("hello");
      call.halfClose();
      try {
        return reply.get(timeoutMillis + 1_000L, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        throw e.getCause() instanceof Exception x ? x : e;
      }
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /**
   * The first bytes of an HTTP/2 (gRPC) client from {@code source}: {@link #H2_PREFACE}; reads
   * until the server's first frame header is in ({@link Probe.End#OPEN}: the client closes) or the
   * connection ends.
   */
  static Probe.Result h2Preface(String source, int port, int timeoutMillis) throws IOException {
    try (Socket s = Probe.connect(source, port, timeoutMillis)) {
      if (!Probe.send(s, H2_PREFACE)) {
        return new Probe.Result("", Probe.End.RESET);
      }
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[256];
      try {
        for (int n; (n = in.read(buf)) >= 0; ) {
          got.write(buf, 0, n);
          if (got.size() >= 9) {
            return new Probe.Result(got.toString(StandardCharsets.ISO_8859_1), Probe.End.OPEN);
          }
        }
        return new Probe.Result(got.toString(StandardCharsets.ISO_8859_1), Probe.End.EOF);
      } catch (SocketTimeoutException e) {
        return new Probe.Result(got.toString(StandardCharsets.ISO_8859_1), Probe.End.TIMEOUT);
      } catch (IOException e) {
        return new Probe.Result(got.toString(StandardCharsets.ISO_8859_1), Probe.End.RESET);
      }
    }
  }

  private static Probe.Result exchange(String source, int port, byte[] request, int timeoutMillis)
      throws IOException {
    try (Socket s = Probe.connect(source, port, timeoutMillis)) {
      if (!Probe.send(s, request)) {
        return new Probe.Result("", Probe.End.RESET);
      }
      return readToEnd(s.getInputStream());
    }
  }

  private static Probe.Result readToEnd(InputStream in) {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    Probe.End end = Probe.End.EOF;
    byte[] buf = new byte[1024];
    try {
      for (int n; (n = in.read(buf)) >= 0; ) {
        got.write(buf, 0, n);
      }
    } catch (SocketTimeoutException e) {
      end = Probe.End.TIMEOUT;
    } catch (IOException e) {
      end = Probe.End.RESET;
    }
    return new Probe.Result(got.toString(StandardCharsets.ISO_8859_1), end);
  }
}
