package fake.netty.channel.unix;

/** Stands in for Netty's {@code channel.unix.UnixChannel} under a relocated prefix. */
public interface UnixChannel {
  FileDescriptor fd();
}
