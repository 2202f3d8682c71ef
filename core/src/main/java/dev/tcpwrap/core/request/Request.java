package dev.tcpwrap.core.request;

import dev.tcpwrap.core.resolve.HostName;
import dev.tcpwrap.core.resolve.HostResolver;
import java.net.InetSocketAddress;
import java.util.function.Supplier;

/**
 * What is known about one connection, as libwrap's {@code struct request_info}: the daemon
 * (service) name, the client and server endpoints, and the client user, looked up lazily.
 *
 * <p>Not thread-safe: a request belongs to the thread deciding it.
 */
public final class Request {

  private final String daemon;
  private final Endpoint client;
  private final Endpoint server;
  private final Supplier<String> userLookup;
  private String user;

  private Request(
      String daemon, Endpoint client, Endpoint server, String user, Supplier<String> userLookup) {
    this.daemon = daemon;
    this.client = client;
    this.server = server;
    this.user = user;
    this.userLookup = userLookup;
  }

  /**
   * A connection accepted by a server socket. The host names are looked up through {@code resolver}
   * only if a rule needs them; there is no ident (RFC 931) lookup, so the user is {@code unknown}.
   */
  public static Request forConnection(
      String daemon, InetSocketAddress client, InetSocketAddress server, HostResolver resolver) {
    return forConnection(daemon, client, server, false, resolver, () -> HostName.UNKNOWN_NAME);
  }

  /**
   * A connection accepted by a server socket, with the listening socket's family ({@code dualStack}
   * for an IPv6 socket that also takes IPv4 clients) and a lazy user lookup (RFC 931).
   */
  public static Request forConnection(
      String daemon,
      InetSocketAddress client,
      InetSocketAddress server,
      boolean dualStack,
      HostResolver resolver,
      Supplier<String> userLookup) {
    return new Request(
        cut(daemon),
        Endpoint.ofSocket(client, dualStack, resolver),
        Endpoint.ofSocket(server, dualStack, resolver),
        null,
        userLookup);
  }

  /**
   * A request given as strings, as {@code hosts_ctl(3)} takes it: nothing is looked up; empty
   * values are {@code unknown}.
   */
  public static Request ofStrings(String daemon, Endpoint client, Endpoint server, String user) {
    return new Request(
        cut(daemon == null ? "" : daemon),
        client,
        server,
        user == null || user.isEmpty() ? HostName.UNKNOWN_NAME : cut(user),
        null);
  }

  /** {@code %d}: the daemon (process or service) name. */
  public String daemon() {
    return daemon;
  }

  /** The client end. */
  public Endpoint client() {
    return client;
  }

  /** The server end. */
  public Endpoint server() {
    return server;
  }

  /**
   * {@code %u}: the client user name, looked up now if need be; {@code unknown} when there is none.
   */
  public String user() {
    if (user == null) {
      String u = null;
      try {
        u = userLookup.get();
      } catch (RuntimeException e) {
        u = null;
      }
      user = u == null || u.isEmpty() ? HostName.UNKNOWN_NAME : cut(u);
    }
    return user;
  }

  /** Whether the user has been looked up (or was given). */
  public boolean userEvaluated() {
    return user != null;
  }

  /**
   * {@code %c}: {@code user@host} when a user is already known, else the host info ({@code %h}).
   */
  public String clientInfo() {
    String host = client.info();
    if (user == null || user.equalsIgnoreCase(HostName.UNKNOWN_NAME)) {
      return host;
    }
    return user + "@" + host;
  }

  /** {@code %s}: {@code daemon@host} when the server host info is known, else the daemon name. */
  public String serverInfo() {
    String host = server.info();
    return host.equalsIgnoreCase(HostName.UNKNOWN_NAME) ? daemon : daemon + "@" + host;
  }

  private static String cut(String s) {
    return s.length() < Endpoint.STRING_LENGTH ? s : s.substring(0, Endpoint.STRING_LENGTH - 1);
  }
}
