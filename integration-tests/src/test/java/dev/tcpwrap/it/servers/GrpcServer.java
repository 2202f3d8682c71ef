package dev.tcpwrap.it.servers;

import io.grpc.Attributes;
import io.grpc.Grpc;
import io.grpc.InternalChannelz;
import io.grpc.InternalInstrumented;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServerTransportFilter;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A gRPC server on {@code grpc-netty-shaded} (gRPC's own copy of Netty, relocated to {@code
 * io.grpc.netty.shaded.io.netty}) with its default transport, which on Linux is the relocated
 * native epoll ({@code io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerSocketChannel}), on
 * 127.0.0.1, any port.
 *
 * <p>One unary method, {@value #METHOD}, with UTF-8 strings for messages (no generated code): it
 * answers {@code HELLO <address>} with the client address the transport reports, and prints {@code
 * ACCEPT <address>}. A transport filter prints {@code CONNECTION <address>} for each connection
 * gRPC sets up. {@code CHANNEL <class>} names the server channel really bound (read from gRPC's
 * channelz listen socket, since the builder's API does not tell).
 */
public final class GrpcServer {

  /** The full method name. */
  public static final String METHOD = "tcpwrap.Hello/Hello";

  /** UTF-8 strings as messages. */
  public static final MethodDescriptor.Marshaller<String> UTF8 =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(String value) {
          return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
          try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };

  /** The method, for the server and the test's client. */
  public static final MethodDescriptor<String, String> HELLO =
      MethodDescriptor.<String, String>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(METHOD)
          .setRequestMarshaller(UTF8)
          .setResponseMarshaller(UTF8)
          .build();

  private GrpcServer() {}

  /** Answers once the client half-closed, as a generated unary stub would. */
  static final class HelloHandler implements ServerCallHandler<String, String> {
    @Override
    public ServerCall.Listener<String> startCall(
        ServerCall<String, String> call, Metadata headers) {
      call.request(2);
      return new ServerCall.Listener<>() {
        @Override
        public void onHalfClose() {
          String remote = Out.host(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
          Out.print("ACCEPT " + remote);
          call.sendHeaders(new Metadata());
          call.sendMessage(Out.hello(remote));
          call.close(Status.OK, new Metadata());
        }
      };
    }
  }

  public static void main(String[] args) throws Exception {
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress(Out.HOST, 0))
            .addService(
                ServerServiceDefinition.builder("tcpwrap.Hello")
                    .addMethod(HELLO, new HelloHandler())
                    .build())
            .addTransportFilter(
                new ServerTransportFilter() {
                  @Override
                  public Attributes transportReady(Attributes attrs) {
                    Out.print("CONNECTION " + Out.host(attrs.get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR)));
                    return attrs;
                  }
                })
            .build()
            .start();
    Out.print("CHANNEL " + listenChannel(server).getClass().getName());
    Out.ready(server.getPort());
    server.awaitTermination();
  }

  /**
   * @return the one listening channel of the server, from gRPC's channelz: the server's stats list
   *     its listen sockets, each of which is the transport's {@code ListenSocket} holding the Netty
   *     channel in its field {@code ch}
   */
  static Object listenChannel(Server server) throws Exception {
    for (InternalInstrumented<InternalChannelz.ServerStats> s :
        InternalChannelz.instance().getServers(0, 100).servers) {
      for (InternalInstrumented<InternalChannelz.SocketStats> listen :
          s.getStats().get().listenSockets) {
        Object ch = Out.field(listen, "ch");
        if (ch.toString().contains(":" + server.getPort())) {
          return ch;
        }
      }
    }
    throw new IllegalStateException("no listen socket in channelz for port " + server.getPort());
  }
}
