package dev.tcpwrap.it.servers;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * Embedded Jetty 12 ({@code jetty-server}, core handler API) on 127.0.0.1, any port.
 *
 * <p>Usage: {@code JettyServer ACCEPTOR|SELECTOR}. {@code ACCEPTOR}: the default {@link
 * ServerConnector} (one acceptor thread, blocking {@code ServerSocketChannel.accept()}). {@code
 * SELECTOR}: {@code acceptors=0}, the accept runs non-blocking in a selector thread (a refused
 * connection makes {@code accept()} return null).
 */
public final class JettyServer {

  private JettyServer() {}

  public static void main(String[] args) throws Exception {
    boolean selector = args.length > 0 && args[0].equals("SELECTOR");
    Server server = new Server();
    ServerConnector connector =
        selector ? new ServerConnector(server, 0, -1) : new ServerConnector(server);
    connector.setHost(Out.HOST);
    connector.setPort(0);
    connector.addBean(
        new Connection.Listener() {
          @Override
          public void onOpened(Connection connection) {
            Out.print("CONNECTION " + Out.host(connection.getEndPoint().getRemoteSocketAddress()));
          }
        });
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            String remote = Request.getRemoteAddr(request);
            Out.print("ACCEPT " + remote);
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
            Content.Sink.write(response, true, Out.hello(remote), callback);
            return true;
          }
        });
    server.start();
    Out.print("ACCEPTORS " + connector.getAcceptors());
    Out.ready(connector.getLocalPort());
    server.join();
  }
}
