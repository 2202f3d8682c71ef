package dev.tcpwrap.core.request;

import dev.tcpwrap.core.net.Inet4;
import dev.tcpwrap.core.net.Inet6;
import dev.tcpwrap.core.resolve.HostName;
import dev.tcpwrap.core.resolve.HostResolver;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * One end of a connection, as libwrap's {@code struct host_info}: an address text, a host name that
 * is looked up only when a rule needs it, and the port when a socket address is known.
 */
public final class Endpoint {

  /** libwrap's {@code STRING_LENGTH}: names and addresses are cut to 127 characters. */
  static final int STRING_LENGTH = 128;

  private final String givenAddress;
  private AddressForms forms;
  private final boolean dualStack;
  private final InetAddress inet;
  private final int port;
  private final HostResolver resolver;
  private String name;
  private String nameWarning;

  private Endpoint(
      String address,
      AddressForms forms,
      InetAddress inet,
      int port,
      HostResolver resolver,
      String name,
      boolean dualStack) {
    this.dualStack = dualStack;
    this.givenAddress = address;
    this.forms = forms;
    this.inet = inet;
    this.port = port;
    this.resolver = resolver;
    this.name = name;
  }

  /** An endpoint of a real socket: the name is looked up through {@code resolver} on first use. */
  public static Endpoint ofSocket(InetSocketAddress socket, HostResolver resolver) {
    return ofSocket(socket, false, resolver);
  }

  /**
   * An endpoint of a real socket. The JDK reports an IPv4 client of a dual-stack (IPv6) socket as
   * an IPv4 address; with {@code dualStack} such a client is shown as libwrap shows it, {@code
   * ::ffff:a.b.c.d}.
   */
  public static Endpoint ofSocket(
      InetSocketAddress socket, boolean dualStack, HostResolver resolver) {
    if (socket == null || socket.getAddress() == null) {
      return unknown();
    }
    InetAddress a = socket.getAddress();
    return new Endpoint(null, null, a, socket.getPort(), resolver, null, dualStack);
  }

  /**
   * An endpoint given as strings, as {@code hosts_ctl()} and {@code tcpdmatch} take them: used
   * verbatim, never looked up. An empty or null part is {@code unknown}; {@code port} is -1 when
   * there is no socket address (port patterns then never match).
   */
  public static Endpoint ofStrings(String address, String name, int port) {
    String a = address == null || address.isEmpty() ? HostName.UNKNOWN_NAME : cut(address);
    String n = name == null || name.isEmpty() ? HostName.UNKNOWN_NAME : cut(name);
    return new Endpoint(a, null, null, port, HostResolver.NONE, n, false);
  }

  /** An endpoint about which nothing is known. */
  public static Endpoint unknown() {
    return ofStrings(null, null, -1);
  }

  /**
   * {@code %a}: the numeric address as getnameinfo(NI_NUMERICHOST) prints it, or {@code unknown}.
   */
  public String address() {
    return givenAddress != null ? givenAddress : forms().text();
  }

  /** The forms in which patterns read the address, worked out once. */
  public AddressForms forms() {
    AddressForms f = forms;
    if (f == null) {
      // worked out on first use: a server address is mostly never looked at
      f =
          givenAddress != null
              ? AddressForms.ofText(givenAddress)
              : AddressForms.ofAddress(inet, dualStack);
      forms = f;
    }
    return f;
  }

  /** The port of the socket address, or -1 when there is none. */
  public int port() {
    return port;
  }

  /**
   * {@code %n}: the verified host name, looked up now if need be; {@code unknown} or {@code
   * paranoid}.
   */
  public String name() {
    if (name == null) {
      HostName h = inet == null ? HostName.UNKNOWN : resolver.nameOf(inet);
      name = cut(h.name());
      nameWarning = h.warning();
    }
    return name;
  }

  /** The warning of the last lookup (a paranoid name), consumed by the caller that reports it. */
  String takeNameWarning() {
    String w = nameWarning;
    nameWarning = null;
    return w;
  }

  /** Whether the name has been looked up (or was given). */
  public boolean nameEvaluated() {
    return name != null;
  }

  /** {@code %h}: the host name if it is already known (no lookup is made), else the address. */
  public String info() {
    if (name == null) {
      return address();
    }
    return isKnown(name) ? name : address();
  }

  /** True unless the name is {@code unknown} or {@code paranoid}. */
  public static boolean isKnown(String name) {
    return !name.equalsIgnoreCase(HostName.UNKNOWN_NAME)
        && !name.equalsIgnoreCase(HostName.PARANOID_NAME);
  }

  private static String cut(String s) {
    return s.length() < STRING_LENGTH ? s : s.substring(0, STRING_LENGTH - 1);
  }

  /**
   * The address text libwrap shows: IPv4 dotted, IPv6 as glibc's inet_ntop (IPv4-mapped stays
   * mapped).
   */
  static String addressText(InetAddress a) {
    if (a instanceof Inet4Address) {
      byte[] b = a.getAddress();
      long v =
          ((b[0] & 0xffL) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
      return Inet4.format(v);
    }
    Inet6Address a6 = (Inet6Address) a;
    String text = Inet6.format(a6.getAddress());
    if (a6.getScopeId() != 0 && a6.isLinkLocalAddress()) {
      text =
          text
              + "%"
              + (a6.getScopedInterface() != null
                  ? a6.getScopedInterface().getName()
                  : a6.getScopeId());
    }
    return text;
  }
}
