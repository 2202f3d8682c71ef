package dev.tcpwrap.agent.log.syslog;

/** The {@code errno} values a send to a local syslog socket meets, named as {@code strerror(3)}. */
final class Errno {

  private Errno() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /**
   * @return e.g. {@code No such file or directory (ENOENT)}, or {@code errno 42}
   */
  static String describe(int errno) {
    switch (errno) {
      case 2:
        return "No such file or directory (ENOENT)";
      case 11:
        return "Resource temporarily unavailable (EAGAIN: the syslog daemon's queue is full)";
      case 13:
        return "Permission denied (EACCES)";
      case 88:
        return "Socket operation on non-socket (ENOTSOCK)";
      case 90:
        return "Message too long (EMSGSIZE)";
      case 91:
        return "Protocol wrong type for socket (EPROTOTYPE: not a datagram socket)";
      case 105:
        return "No buffer space available (ENOBUFS)";
      case 111:
        return "Connection refused (ECONNREFUSED: no syslog daemon reads the socket)";
      default:
        return "errno " + errno;
    }
  }
}
