package dev.tcpwrap.core.resolve;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny recursive-server impersonator on a loopback UDP port, so the JNDI backend is tested
 * against real DNS messages without any network: it answers A, AAAA, PTR and CNAME queries from a
 * table, following CNAME chains into the answer section as a recursive server does, and NXDOMAIN
 * for unknown names.
 */
final class FakeDnsServer implements AutoCloseable {

  static final int A = 1;
  static final int CNAME = 5;
  static final int PTR = 12;
  static final int AAAA = 28;

  private record Rr(int type, byte[] data) {}

  private final Map<String, List<Rr>> records = new ConcurrentHashMap<>();
  private final DatagramSocket socket;
  private final Thread thread;
  private volatile boolean silent;
  final AtomicInteger queries = new AtomicInteger();

  FakeDnsServer() throws SocketException {
    socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    thread = new Thread(this::serve, "fake-dns");
    thread.setDaemon(true);
    thread.start();
  }

  /** The JNDI provider URL of this server. */
  String url() {
    return "dns://127.0.0.1:" + socket.getLocalPort();
  }

  /** Answer again after {@link #silent()}. */
  FakeDnsServer answering() {
    silent = false;
    return this;
  }

  /** Receive queries but never answer. */
  FakeDnsServer silent() {
    silent = true;
    return this;
  }

  FakeDnsServer a(String name, String address) {
    return add(name, A, FakeNameService.ip(address).getAddress());
  }

  FakeDnsServer aaaa(String name, String address) {
    return add(name, AAAA, FakeNameService.ip(address).getAddress());
  }

  FakeDnsServer cname(String name, String target) {
    return add(name, CNAME, encodeName(target));
  }

  FakeDnsServer ptr(String name, String target) {
    return add(name, PTR, encodeName(target));
  }

  private FakeDnsServer add(String name, int type, byte[] data) {
    records.computeIfAbsent(key(name), k -> new ArrayList<>()).add(new Rr(type, data));
    return this;
  }

  private void serve() {
    byte[] buf = new byte[512];
    while (!socket.isClosed()) {
      try {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        socket.receive(p);
        queries.incrementAndGet();
        if (silent) {
          continue;
        }
        byte[] reply = answer(Arrays.copyOf(p.getData(), p.getLength()));
        socket.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
      } catch (IOException | RuntimeException e) {
        // closed, or a malformed query: ignore
      }
    }
  }

  private byte[] answer(byte[] q) {
    int pos = 12;
    StringBuilder name = new StringBuilder();
    while (q[pos] != 0) {
      int len = q[pos++];
      name.append(name.length() > 0 ? "." : "")
          .append(new String(q, pos, len, java.nio.charset.StandardCharsets.ISO_8859_1));
      pos += len;
    }
    pos++;
    int qtype = ((q[pos] & 0xff) << 8) | (q[pos + 1] & 0xff);
    byte[] question = Arrays.copyOfRange(q, 12, pos + 4);
    List<byte[]> answers = new ArrayList<>();
    String current = key(name.toString());
    int rcode = records.containsKey(current) ? 0 : 3;
    for (int hop = 0; hop < 10 && rcode == 0; hop++) {
      List<Rr> rrs = records.getOrDefault(current, List.of());
      Rr alias = rrs.stream().filter(r -> r.type == CNAME).findFirst().orElse(null);
      if (alias != null && qtype != CNAME) {
        answers.add(rr(current, alias));
        current = key(decodeName(alias.data));
        continue;
      }
      for (Rr r : rrs) {
        if (r.type == qtype) {
          answers.add(rr(current, r));
        }
      }
      break;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(q[0]);
    out.write(q[1]);
    out.write(0x81);
    out.write(0x80 | rcode);
    out.writeBytes(new byte[] {0, 1, 0, (byte) answers.size(), 0, 0, 0, 0});
    out.writeBytes(question);
    answers.forEach(out::writeBytes);
    return out.toByteArray();
  }

  private static byte[] rr(String owner, Rr r) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(encodeName(owner));
    out.writeBytes(
        new byte[] {
          0, (byte) r.type, 0, 1, 0, 0, 0, 60, (byte) (r.data.length >> 8), (byte) r.data.length
        });
    out.writeBytes(r.data);
    return out.toByteArray();
  }

  private static byte[] encodeName(String name) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String label : key(name).split("\\.")) {
      out.write(label.length());
      out.writeBytes(label.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }
    out.write(0);
    return out.toByteArray();
  }

  private static String decodeName(byte[] data) {
    StringBuilder sb = new StringBuilder();
    int pos = 0;
    while (data[pos] != 0) {
      int len = data[pos++];
      sb.append(sb.length() > 0 ? "." : "")
          .append(new String(data, pos, len, java.nio.charset.StandardCharsets.ISO_8859_1));
      pos += len;
    }
    return sb.toString();
  }

  private static String key(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
  }

  @Override
  public void close() {
    socket.close();
  }
}
