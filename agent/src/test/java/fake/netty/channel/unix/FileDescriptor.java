package fake.netty.channel.unix;

/** Stands in for Netty's {@code channel.unix.FileDescriptor}: records closes. */
public class FileDescriptor {
  public static final java.util.List<Integer> CLOSED =
      java.util.Collections.synchronizedList(new java.util.ArrayList<>());

  final int fd;

  public FileDescriptor(int fd) {
    this.fd = fd;
  }

  public final int intValue() {
    return fd;
  }

  public void close() {
    CLOSED.add(fd);
  }

  /** Nothing to read yet, as on a fresh non-blocking descriptor. */
  public final int read(java.nio.ByteBuffer buf, int pos, int limit) {
    return 0;
  }

  /** Takes everything. */
  public final int write(java.nio.ByteBuffer buf, int pos, int limit) {
    return limit - pos;
  }
}
