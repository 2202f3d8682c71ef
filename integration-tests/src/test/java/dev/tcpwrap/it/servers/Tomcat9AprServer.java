package dev.tcpwrap.it.servers;

import java.io.IOException;
import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleListener;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ServerInfo;
import org.apache.catalina.valves.ValveBase;

/**
 * Embedded Tomcat 9 with its APR connector ({@code Http11AprProtocol}, removed in Tomcat 10.1): its
 * {@code AprEndpoint} accepts in libtcnative, here Debian's {@code libtcnative-1}. Listens on
 * 127.0.0.1 (or the address given as the argument), any port, and answers every request with {@code
 * HELLO <remote address>}.
 *
 * <p>Compiled against the Tomcat 11 of the test class path, it runs on the Tomcat 9 jar of {@code
 * target/it-lib/tomcat9} and so uses only what both have: a valve answers instead of a servlet (the
 * servlet API is {@code javax} in 9 and {@code jakarta} in 11), and the APR classes are named by
 * string. It prints {@code TOMCAT <version>}, {@code PROTOCOL <protocol handler class>}, {@code APR
 * <AprStatus.isAprAvailable()>} and {@code TCNATIVE <library version>}; without the library it
 * prints {@code FAILED} with the reason and exits with status 1 (no fallback to another connector).
 */
public final class Tomcat9AprServer {

  private Tomcat9AprServer() {}

  /** Answers every request with {@code HELLO <remote address>}. */
  static final class HelloValve extends ValveBase {
    @Override
    public void invoke(Request req, Response resp) throws IOException {
      String remote = req.getRemoteAddr();
      Out.print("ACCEPT " + remote);
      resp.setContentType("text/plain; charset=utf-8");
      resp.getWriter().write(Out.hello(remote));
    }
  }

  public static void main(String[] args) throws Exception {
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createTempDirectory("tcpwrap-it-tomcat9").toString());
    // loads libtcnative and initialises APR, as a Tomcat 9 server.xml does
    tomcat
        .getServer()
        .addLifecycleListener(
            (LifecycleListener)
                Class.forName("org.apache.catalina.core.AprLifecycleListener")
                    .getConstructor()
                    .newInstance());
    Connector connector = new Connector("org.apache.coyote.http11.Http11AprProtocol");
    connector.setPort(0);
    connector.setProperty("address", args.length > 0 ? args[0] : Out.HOST);
    tomcat.getService().addConnector(connector);
    tomcat.setConnector(connector);
    Context ctx = tomcat.addContext("", null);
    ctx.getPipeline().addValve(new HelloValve());
    tomcat.start();
    boolean apr =
        (Boolean)
            Class.forName("org.apache.catalina.core.AprStatus")
                .getMethod("isAprAvailable")
                .invoke(null);
    if (!apr || connector.getLocalPort() <= 0) {
      Out.print(
          "FAILED APR not available (libtcnative-1 not found in java.library.path="
              + System.getProperty("java.library.path")
              + ", or the connector did not start; Tomcat's log says which)");
      System.exit(1);
    }
    Out.print("TOMCAT " + ServerInfo.getServerNumber());
    Out.print("PROTOCOL " + connector.getProtocolHandler().getClass().getName());
    Out.print("APR " + apr);
    Out.print(
        "TCNATIVE "
            + Class.forName("org.apache.tomcat.jni.Library")
                .getMethod("versionString")
                .invoke(null));
    Out.ready(connector.getLocalPort());
    tomcat.getServer().await();
  }
}
