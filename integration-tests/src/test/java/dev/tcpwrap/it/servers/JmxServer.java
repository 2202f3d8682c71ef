package dev.tcpwrap.it.servers;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.rmi.registry.LocateRegistry;
import java.rmi.server.ExportException;
import java.rmi.server.RemoteServer;
import java.rmi.server.ServerNotActiveException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;

/**
 * An RMI registry ({@link LocateRegistry#createRegistry(int)}, default socket factories, so RMI's
 * own {@code TCPTransport} accept loop on a plain {@code ServerSocket}) and a JMX RMI connector
 * server exported on the same port: {@code
 * service:jmx:rmi://127.0.0.1:PORT/jndi/rmi://127.0.0.1:PORT/jmxrmi}.
 *
 * <p>The MBean {@value #NAME} has the attribute {@code Greeting}: {@code HELLO <client host>}, the
 * client host as RMI reports it to the application ({@link RemoteServer#getClientHost()}); each
 * read prints {@code ACCEPT <client host>}. Run with {@code -Dsun.rmi.transport.tcp.logLevel=BRIEF}
 * the transport also logs every socket it accepts ({@code accepted socket from [HOST:PORT]}) on
 * stderr.
 *
 * <p>Usage: {@code JmxServer [MANAGEMENT_AGENT]}. {@code MANAGEMENT_AGENT}: the JVM runs with
 * {@code -Dcom.sun.management.jmxremote.port=PORT} (the usual way a JMX port is opened; here with
 * {@code jmxremote.rmi.port} on the same port, no authentication, no TLS), so the JDK's own
 * management agent serves the platform MBean server; the main only registers the MBean and reports
 * the port.
 */
public final class JmxServer {

  /** The test MBean's name. */
  public static final String NAME = "dev.tcpwrap.it:type=Hello";

  private JmxServer() {}

  /** The MBean interface. */
  public interface HelloMBean {
    /**
     * @return {@code HELLO <client host>}
     */
    String getGreeting();
  }

  /** The MBean. */
  public static final class Hello implements HelloMBean {
    @Override
    public String getGreeting() {
      String client;
      try {
        client = RemoteServer.getClientHost();
      } catch (ServerNotActiveException e) {
        client = "local";
      }
      Out.print("ACCEPT " + client);
      return Out.hello(client).trim();
    }
  }

  public static void main(String[] args) throws Exception {
    System.setProperty("java.rmi.server.hostname", Out.HOST);
    MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
    mbs.registerMBean(new Hello(), new ObjectName(NAME));
    if (args.length > 0 && args[0].equals("MANAGEMENT_AGENT")) {
      // the JVM started its management agent before main, from -Dcom.sun.management.jmxremote.port
      String port = System.getProperty("com.sun.management.jmxremote.port");
      Out.print(
          "JMX management agent port "
              + port
              + ", RMI port "
              + System.getProperty("com.sun.management.jmxremote.rmi.port"));
      Out.ready(Integer.parseInt(port));
      Thread.currentThread().join();
    }
    for (int attempt = 0; ; attempt++) {
      int port = freePort();
      try {
        LocateRegistry.createRegistry(port);
      } catch (ExportException e) {
        if (attempt < 5) {
          continue; // the port was taken in between
        }
        throw e;
      }
      JMXServiceURL url =
          new JMXServiceURL(
              "service:jmx:rmi://"
                  + Out.HOST
                  + ":"
                  + port
                  + "/jndi/rmi://"
                  + Out.HOST
                  + ":"
                  + port
                  + "/jmxrmi");
      JMXConnectorServer cs = JMXConnectorServerFactory.newJMXConnectorServer(url, null, mbs);
      cs.start();
      Out.print("JMX " + cs.getAddress());
      Out.ready(port);
      break;
    }
    Thread.currentThread().join();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
