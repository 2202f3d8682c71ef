package dev.tcpwrap.agent.log.syslog;

import java.nio.charset.StandardCharsets;

/**
 * A Unix-domain datagram socket that sends to a path, which the JDK cannot do by itself (it has
 * Unix stream channels only, and {@code /dev/log} is a datagram socket). It calls the C library's
 * {@code socket(2)} and {@code sendto(2)} through the foreign-function API of Java 22 and later,
 * found by reflection because the agent is compiled for Java 17.
 *
 * <p>The socket lives as long as the JVM. Each datagram is sent to the path, not over a connected
 * socket, so a syslog daemon that restarts (and creates a new socket file) gets the next line
 * without a reconnect. {@code MSG_DONTWAIT}: a daemon whose queue is full makes the send fail at
 * once ({@code EAGAIN}) instead of holding the log's writer thread.
 *
 * <p>On Java 22 and later the JVM warns once that a restricted method was called, unless the
 * application runs with {@code --enable-native-access=ALL-UNNAMED}; a JVM that denies native access
 * makes {@link #open} fail with the reason.
 */
final class UnixDatagram {

  private static final int AF_UNIX = 1;
  private static final int SOCK_DGRAM = 2;
  private static final int SOCK_CLOEXEC = 0x80000;
  private static final int MSG_DONTWAIT = 0x40;
  private static final int MSG_NOSIGNAL = 0x4000;
  private static final int SUN_PATH = 108;

  /** The feature version the foreign-function API is final in. */
  static final int FFM_FEATURE = 22;

  private final Libc libc;
  private final int fd;
  private final Object address; // struct sockaddr_un, native
  private final int addressLength;
  private final Object buffer; // one message, native
  private final long bufferSize;

  private UnixDatagram(Libc libc, int fd, Object address, int addressLength, long bufferSize) {
    this.libc = libc;
    this.fd = fd;
    this.address = address;
    this.addressLength = addressLength;
    this.bufferSize = bufferSize;
    this.buffer = libc.allocate(bufferSize);
  }

  /**
   * Opens a datagram socket for sending to {@code path}.
   *
   * @param path the socket path, at most 107 bytes
   * @param maxMessage the largest message that will be sent
   * @return the socket
   * @throws Unavailable when this JVM cannot (before Java 22, or native access denied)
   * @throws java.io.IOException when {@code socket(2)} fails
   */
  static UnixDatagram open(String path, int maxMessage) throws Unavailable, java.io.IOException {
    int feature = Runtime.version().feature();
    if (feature < FFM_FEATURE) {
      throw new Unavailable(
          "Java " + feature + " cannot write a Unix datagram socket (Java 22+ can)",
          "run on Java 22 or later",
          null);
    }
    Libc libc = Libc.load();
    int fd = libc.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      throw new java.io.IOException("socket(AF_UNIX, SOCK_DGRAM): " + Errno.describe(libc.errno()));
    }
    byte[] sun = new byte[2 + SUN_PATH];
    sun[0] = (byte) AF_UNIX; // sa_family_t, little-endian (x86-64, aarch64)
    byte[] p = path.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(p, 0, sun, 2, Math.min(p.length, SUN_PATH - 1));
    Object addr = libc.allocate(sun.length);
    libc.copy(sun, addr);
    return new UnixDatagram(libc, fd, addr, 2 + p.length + 1, maxMessage);
  }

  /**
   * Sends one datagram.
   *
   * @param message at most the {@code maxMessage} given to {@link #open}
   * @return 0 when sent, else the {@code errno} ({@link Errno#describe})
   */
  int send(byte[] message) {
    int n = (int) Math.min(message.length, bufferSize);
    libc.copy(message, n, buffer);
    long r = libc.sendto(fd, buffer, n, MSG_DONTWAIT | MSG_NOSIGNAL, address, addressLength);
    return r < 0 ? Math.max(1, libc.errno()) : 0;
  }
}
