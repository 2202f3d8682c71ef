package dev.tcpwrap.it.servers;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/**
 * A Vert.x 5 HTTP server with {@code setPreferNativeTransport(true)} (with {@code
 * netty-transport-native-epoll} on the class path, Vert.x then runs Netty's native epoll) on
 * 127.0.0.1, any port. Prints {@code NATIVE true|false} (whether Vert.x really runs its native
 * transport), {@code CHANNEL <class>} (the server channel bound; read from the server's internals,
 * since the API does not tell), {@code CONNECTION <address>} per connection and {@code ACCEPT
 * <address>} per request, answered with {@code HELLO <address>}.
 */
public final class VertxServer {

  private VertxServer() {}

  public static void main(String[] args) throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    Out.print("NATIVE " + vertx.isNativeTransportEnabled());
    if (!vertx.isNativeTransportEnabled()) {
      Out.print("FAILED native transport: " + vertx.unavailableNativeTransportCause());
    }
    HttpServer server =
        vertx
            .createHttpServer(new HttpServerOptions().setHost(Out.HOST).setPort(0))
            .connectionHandler(c -> Out.print("CONNECTION " + c.remoteAddress().hostAddress()))
            .requestHandler(
                req -> {
                  String remote = req.remoteAddress().hostAddress();
                  Out.print("ACCEPT " + remote);
                  req.response()
                      .putHeader("Content-Type", "text/plain; charset=utf-8")
                      .end(Out.hello(remote));
                });
    server.listen().await();
    Out.print("CHANNEL " + listenChannel(server).getClass().getName());
    Out.ready(server.actualPort());
  }

  /**
   * @return the listening channel: the HTTP server's TCP server, its shared actual server, and the
   *     channel its bind produced
   */
  static Object listenChannel(HttpServer server) throws Exception {
    Object tcp = Out.field(server, "tcpServer");
    Object actual = Out.field(tcp, "actualServer");
    Object bind = Out.field(actual == null ? tcp : actual, "bindFuture");
    return ((io.vertx.core.Future<?>) bind).result();
  }
}
