package dev.tcpwrap.it.servers;

import io.undertow.Undertow;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;

/**
 * Embedded Undertow ({@code undertow-core}, XNIO NIO) on 127.0.0.1, any port: the {@code XNIO-1
 * Accept} thread accepts non-blocking. One handler answering {@code HELLO <address>}.
 */
public final class UndertowServer {

  private UndertowServer() {}

  public static void main(String[] args) throws Exception {
    Undertow server =
        Undertow.builder()
            .addHttpListener(0, Out.HOST)
            .setHandler(
                exchange -> {
                  String remote = Out.host(exchange.getSourceAddress());
                  Out.print("ACCEPT " + remote);
                  exchange
                      .getResponseHeaders()
                      .put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
                  exchange.getResponseSender().send(Out.hello(remote));
                })
            .build();
    server.start();
    Out.print("XNIO " + server.getXnio().getName());
    Out.ready(((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort());
    Thread.currentThread().join();
  }
}
