package dev.tcpwrap.agent.instrument;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Netty's native transports (epoll, kqueue, io_uring), which accept in native code, also relocated
 * copies of Netty (gRPC's {@code grpc-netty-shaded}, which uses epoll by default on Linux). Classes
 * are recognised by the end of their name after any package prefix, so the agent names no Netty
 * type. Three kinds of class get advice:
 *
 * <ul>
 *   <li>{@link Hook#ACCEPT}: {@code channel.unix.Socket}, whose {@code accept(byte[])} is the
 *       native accept of epoll and kqueue ({@link NativeAcceptAdvice});
 *   <li>{@link Hook#URING}, {@link Hook#INCUBATOR_URING}: the io_uring server channel's unsafe
 *       (Netty 4.2's, and 4.1's incubator transport), where accept completions arrive ({@link
 *       UringAcceptAdvice}, {@link IncubatorUringAcceptAdvice});
 *   <li>{@link Hook#LISTENER}: the TCP server channels, whose constructors announce a listener to
 *       check ({@link NativeListenerAdvice}).
 * </ul>
 *
 * And one more, {@link Hook#APR}: Tomcat 9's {@code AprEndpoint} (the APR connector, {@code
 * Http11AprProtocol}), whose {@code serverSocketAccept()} accepts through libtcnative ({@link
 * AprAcceptAdvice}); the endpoint is its own listener.
 *
 * <p>Where the code is not what the agent expects (a future Netty), a listener's accepts cannot be
 * checked; the agent then says so with {@link #warning} or {@link #aprWarning}, instead of letting
 * a user believe the port is protected.
 */
public final class NativeAcceptors {

  /** What a native class gets. */
  enum Hook {
    ACCEPT,
    URING,
    INCUBATOR_URING,
    LISTENER,
    APR
  }

  /** Internal-name suffixes of the TCP server channels, after the (possibly relocated) package. */
  private static final String[] LISTENERS = {
    "channel/epoll/EpollServerSocketChannel",
    "channel/uring/IoUringServerSocketChannel",
    "channel/kqueue/KQueueServerSocketChannel",
    "incubator/channel/uring/IOUringServerSocketChannel"
  };

  private static final String ACCEPT = "channel/unix/Socket";
  private static final String URING =
      "channel/uring/AbstractIoUringServerChannel$UringServerChannelUnsafe";
  private static final String INCUBATOR_URING =
      "incubator/channel/uring/AbstractIOUringServerChannel$UringServerChannelUnsafe";

  /** Tomcat's APR endpoint, after any package prefix, as for Netty. */
  private static final String APR = "tomcat/util/net/AprEndpoint";

  /** The hooked classes' names, per defining loader (the boot loader as {@code null}). */
  private static final Map<ClassLoader, Set<String>> HOOKED =
      Collections.synchronizedMap(new WeakHashMap<>());

  private NativeAcceptors() {}

  /** A native acceptor class whose code is not what the agent expects: it is left as it is. */
  static final class UnexpectedCode extends RuntimeException {
    UnexpectedCode(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * @param internalName a class name in internal form
   * @return what the class gets, {@code null} if it is no native acceptor class
   */
  static Hook hook(String internalName) {
    if (endsWithSegment(internalName, ACCEPT)) {
      return Hook.ACCEPT;
    }
    if (endsWithSegment(internalName, URING)) {
      return Hook.URING;
    }
    if (endsWithSegment(internalName, INCUBATOR_URING)) {
      return Hook.INCUBATOR_URING;
    }
    if (endsWithSegment(internalName, APR)) {
      return Hook.APR;
    }
    for (String suffix : LISTENERS) {
      if (endsWithSegment(internalName, suffix)) {
        return Hook.LISTENER;
      }
    }
    return null;
  }

  /** Records that a class got its advice. */
  public static void hooked(ClassLoader loader, String internalName) {
    HOOKED
        .computeIfAbsent(loader, l -> Collections.synchronizedSet(new java.util.HashSet<>()))
        .add(internalName);
  }

  /**
   * @param type a class
   * @return whether it, or a super class of it, got its advice
   */
  public static boolean hooked(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      Set<String> names = HOOKED.get(c.getClassLoader());
      if (names != null && names.contains(c.getName().replace('.', '/'))) {
        return true;
      }
    }
    return false;
  }

  /**
   * @param className a native server channel's class name ({@code
   *     io.netty.channel.epoll.EpollServerSocketChannel})
   * @param why why its connections are not checked
   * @return the warning that names it, says its connections are not checked and names the property
   *     that turns that copy of Netty's native transports off
   */
  public static String warning(String className, String why) {
    int channel = className.lastIndexOf(".channel.");
    String pkg = channel < 0 ? "io.netty." : className.substring(0, channel + 1);
    if (pkg.endsWith(".incubator.")) {
      pkg = pkg.substring(0, pkg.length() - "incubator.".length());
    }
    return className
        + " accepts connections in native code and "
        + why
        + ": connections accepted through it are NOT checked against the rules; use the NIO"
        + " transport instead (-D"
        + pkg
        + "transport.noNative=true where the framework falls back to it)";
  }

  /**
   * @param hook what the class was to get
   * @param className the class, which could not get it
   * @return the warning that its connections are not checked, {@code null} when another class tells
   *     it (the accepting classes of Netty: their listeners say it when announced)
   */
  static String notCheckedWarning(Hook hook, String className) {
    String why = "its code is not what the agent expects";
    switch (hook) {
      case LISTENER:
        return warning(className, why);
      case APR:
        return aprWarning(className, why);
      default:
        return null;
    }
  }

  /**
   * @param className Tomcat's APR endpoint class ({@code org.apache.tomcat.util.net.AprEndpoint})
   * @param why why its connections are not checked
   * @return the warning that names it, says its connections are not checked and names the connector
   *     that is
   */
  public static String aprWarning(String className, String why) {
    return className
        + " accepts connections in native code and "
        + why
        + ": connections accepted through it are NOT checked against the rules; use Tomcat's NIO"
        + " connector instead (protocol org.apache.coyote.http11.Http11NioProtocol, the default)";
  }

  // name ends with "/" + suffix, after a non-empty package prefix
  private static boolean endsWithSegment(String name, String suffix) {
    return name.endsWith(suffix)
        && name.length() > suffix.length()
        && name.charAt(name.length() - suffix.length() - 1) == '/';
  }
}
