package dev.tcpwrap.it.servers;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The JDK's own {@code com.sun.net.httpserver.HttpServer} (module {@code jdk.httpserver}) on
 * 127.0.0.1, any port: what Prometheus' and the JMX exporter's metrics endpoints and many admin
 * ports embed. Its dispatcher thread accepts non-blocking from a selector, so a refused connection
 * makes {@code accept()} return null. One context answering {@code HELLO <address>}.
 */
public final class JdkHttpServer {

  private JdkHttpServer() {}

  public static void main(String[] args) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(Out.HOST, 0), 50);
    server.createContext(
        "/",
        exchange -> {
          String remote = Out.host(exchange.getRemoteAddress());
          Out.print("ACCEPT " + remote);
          byte[] body = Out.hello(remote).getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    Out.print("HTTPSERVER " + server.getClass().getName());
    Out.ready(server.getAddress().getPort());
    Thread.currentThread().join();
  }
}
