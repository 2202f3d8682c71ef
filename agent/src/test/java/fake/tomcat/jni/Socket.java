package fake.tomcat.jni;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stands in for libtcnative's {@code Socket}: records what is done to each handle. */
public class Socket {
  public static final List<Long> DESTROYED = new CopyOnWriteArrayList<>();
  public static final List<String> OPTIONS = new CopyOnWriteArrayList<>();
  public static final Map<Long, StringBuilder> SENT = new ConcurrentHashMap<>();
  public static final Map<Long, Long> TIMEOUTS = new ConcurrentHashMap<>();

  public static void destroy(long sock) {
    DESTROYED.add(sock);
  }

  public static int optSet(long sock, int opt, int on) {
    OPTIONS.add(sock + ":" + opt + "=" + on);
    return 0;
  }

  public static long timeoutGet(long sock) throws Exception {
    return TIMEOUTS.getOrDefault(sock, -1L);
  }

  public static int timeoutSet(long sock, long t) {
    TIMEOUTS.put(sock, t);
    return 0;
  }

  /** Takes everything, but only while the socket is non-blocking (as the agent must make it). */
  public static int sendb(long sock, ByteBuffer buf, int offset, int len) {
    if (TIMEOUTS.getOrDefault(sock, -1L) != 0) {
      return -120002;
    }
    byte[] b = new byte[len];
    buf.duplicate().position(offset).get(b);
    SENT.computeIfAbsent(sock, s -> new StringBuilder())
        .append(new String(b, StandardCharsets.ISO_8859_1));
    return len;
  }

  /** At the end of the stream. */
  public static int recvb(long sock, ByteBuffer buf, int offset, int len) {
    return -70014;
  }
}
