package fake.tomcat.jni;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for libtcnative's {@code Address}: the two ends of each fake socket handle, set by the
 * test. An address handle is the socket handle times two, plus one for the remote end.
 */
public class Address {
  /** Per socket handle: {ip, port, family} of the local and the remote end. */
  public static final Map<Long, Object[][]> ENDS = new ConcurrentHashMap<>();

  public static void set(
      long sock, String localIp, int localPort, String remoteIp, int remotePort, int family) {
    ENDS.put(sock, new Object[][] {{localIp, localPort, family}, {remoteIp, remotePort, family}});
  }

  public static long get(int which, long sock) throws Exception {
    if (!ENDS.containsKey(sock)) {
      throw new Exception("no such socket " + sock);
    }
    return sock * 2 + which;
  }

  private static Object[] end(long sa) {
    return ENDS.get(sa / 2)[(int) (sa % 2)];
  }

  public static String getip(long sa) {
    return (String) end(sa)[0];
  }

  public static Sockaddr getInfo(long sa) {
    Object[] e = end(sa);
    Sockaddr s = new Sockaddr();
    s.port = (Integer) e[1];
    s.family = (Integer) e[2];
    return s;
  }
}
