package dev.tcpwrap.it.servers;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * Embedded Tomcat 11 ({@code tomcat-embed-core}) on 127.0.0.1, any port, one servlet.
 *
 * <p>Usage: {@code TomcatServer NIO|NIO2}. {@code NIO}: {@code Http11NioProtocol} (NioEndpoint, a
 * blocking acceptor thread on {@code ServerSocketChannel.accept()}). {@code NIO2}: {@code
 * Http11Nio2Protocol} (Nio2Endpoint, {@code AsynchronousServerSocketChannel.accept(A,
 * CompletionHandler)}).
 */
public final class TomcatServer {

  private TomcatServer() {}

  /** Answers every GET with {@code HELLO <remote address>}. */
  static final class HelloServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      String remote = req.getRemoteAddr();
      Out.print("ACCEPT " + remote);
      resp.setContentType("text/plain; charset=utf-8");
      resp.getWriter().write(Out.hello(remote));
    }
  }

  public static void main(String[] args) throws Exception {
    String protocol =
        switch (args[0]) {
          case "NIO" -> "org.apache.coyote.http11.Http11NioProtocol";
          case "NIO2" -> "org.apache.coyote.http11.Http11Nio2Protocol";
          default -> throw new IllegalArgumentException(args[0]);
        };
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createTempDirectory("tcpwrap-it-tomcat").toString());
    Connector connector = new Connector(protocol);
    connector.setPort(0);
    connector.setProperty("address", Out.HOST);
    tomcat.getService().addConnector(connector);
    tomcat.setConnector(connector);
    Context ctx = tomcat.addContext("", null);
    Tomcat.addServlet(ctx, "hello", new HelloServlet());
    ctx.addServletMappingDecoded("/*", "hello");
    tomcat.start();
    Out.print("PROTOCOL " + connector.getProtocolHandler().getClass().getName());
    Out.ready(connector.getLocalPort());
    tomcat.getServer().await();
  }
}
