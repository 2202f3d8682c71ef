package dev.tcpwrap.it.frameworks;

import dev.tcpwrap.it.agent.harness.Probe;
import dev.tcpwrap.it.servers.JmxServer;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The clients of the framework tests, each bound to a chosen loopback source address: an HTTP/1.1
 * GET over a plain socket, a raw JRMP handshake, and a real JMX client. The raw ones read until
 * EOF, reset or timeout.
 */
final class Clients {

  /** The bytes a JRMP client sends first: magic {@code JRMI}, version 2, StreamProtocol. */
  static final byte[] JRMP_HEADER = {0x4a, 0x52, 0x4d, 0x49, 0x00, 0x02, 0x4b};

  /** The first byte of the server's answer to {@link #JRMP_HEADER}: ProtocolAck. */
  static final int JRMP_PROTOCOL_ACK = 0x4e;

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

  private static Probe.Result exchange(String source, int port, byte[] request, int timeoutMillis)
      throws IOException {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(source, 0));
      s.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
      s.setSoTimeout(timeoutMillis);
      try {
        OutputStream out = s.getOutputStream();
        out.write(request);
        out.flush();
      } catch (SocketException e) {
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
