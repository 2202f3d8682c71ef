package dev.tcpwrap.it.webflux;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * A default Spring Boot WebFlux application: Reactor Netty with whatever transport it picks (native
 * epoll on Linux, since {@code reactor-netty-http} brings {@code netty-transport-native-epoll}),
 * bound to 127.0.0.1 on a free port ({@code application.properties}). Packaged as a real fat jar
 * and started with {@code java -jar}.
 *
 * <p>It speaks the stdout protocol of the integration tests' server mains ({@code
 * dev.tcpwrap.it.servers.Out}): {@code CHANNEL <server channel class>} when Reactor Netty has bound
 * its listener, {@code READY <port>} once the web server runs, {@code CONNECTION <address>} for
 * each connection Reactor Netty sets up and {@code ACCEPT <address>} for each request, which is
 * answered with {@code HELLO <address>}.
 */
@SpringBootApplication
public class WebfluxApp {

  public static void main(String[] args) {
    SpringApplication.run(WebfluxApp.class, args);
  }

  /** {@code GET /}: {@code HELLO <client address>}. */
  @Bean
  RouterFunction<ServerResponse> hello() {
    return RouterFunctions.route(
        RequestPredicates.GET("/"),
        request -> {
          String remote = request.remoteAddress().map(WebfluxApp::host).orElse("unknown");
          print("ACCEPT " + remote);
          return ServerResponse.ok()
              .contentType(MediaType.TEXT_PLAIN)
              .bodyValue("HELLO " + remote + "\n");
        });
  }

  /** Names the listener's channel class (the transport really in use) and each new connection. */
  @Bean
  NettyServerCustomizer reportChannels() {
    return server ->
        server
            .doOnBound(bound -> print("CHANNEL " + bound.channel().getClass().getName()))
            .doOnConnection(c -> print("CONNECTION " + host(c.channel().remoteAddress())));
  }

  @Bean
  ApplicationListener<WebServerInitializedEvent> ready() {
    return event -> print("READY " + event.getWebServer().getPort());
  }

  static String host(SocketAddress a) {
    return a instanceof InetSocketAddress i && i.getAddress() != null
        ? i.getAddress().getHostAddress()
        : String.valueOf(a);
  }

  static synchronized void print(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
