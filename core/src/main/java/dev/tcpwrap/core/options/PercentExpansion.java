package dev.tcpwrap.core.options;

import dev.tcpwrap.core.request.Endpoint;
import dev.tcpwrap.core.request.EndpointWarnings;
import dev.tcpwrap.core.request.Request;
import java.util.function.Consumer;

/**
 * The {@code %} expansions of hosts_access(5) ({@code percent_x()}), with tcpd's shell-safety rule:
 * every character of an expansion outside {@code 1234567890!@%-_=+:,./a-zA-Z} becomes {@code _};
 * the rule's own text is never changed.
 *
 * <p>Unlike libwrap, the sanitized value is not written back into the request, so what later
 * matching and logging see does not depend on whether an option was expanded before (see
 * docs/compatibility.md).
 */
public final class PercentExpansion {

  private static final String OK_CHARS =
      "1234567890!@%-_=+:,./" + "abcdefghijklmnopqrstuvwxyz" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

  private PercentExpansion() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /**
   * Expands {@code text} for {@code request}. Expansions that need a name or user lookup make it
   * now ({@code %n %N %u}); warnings ({@code unrecognized %x}, name verification) go to {@code
   * warn}.
   */
  public static String expand(String text, Request request, Consumer<String> warn) {
    StringBuilder out = new StringBuilder(text.length() + 32);
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c != '%' || i + 1 >= text.length()) {
        out.append(c);
        i++;
        continue;
      }
      char key = text.charAt(i + 1);
      i += 2;
      String value = value(key, request, warn);
      if (value == null) {
        warn.accept("unrecognized %" + key);
        continue;
      }
      if (key == '%') {
        out.append('%');
      } else {
        appendSafe(out, value);
      }
    }
    return out.toString();
  }

  /** The value of {@code %key}, or null for an unknown key. */
  private static String value(char key, Request r, Consumer<String> warn) {
    switch (key) {
      case 'a':
        return r.client().address();
      case 'A':
        return r.server().address();
      case 'c':
        return r.clientInfo();
      case 'd':
        return r.daemon();
      case 'h':
        return r.client().info();
      case 'H':
        return r.server().info();
      case 'n':
        return name(r.client(), warn);
      case 'N':
        return name(r.server(), warn);
      case 'p':
        return Long.toString(ProcessHandle.current().pid());
      case 'r':
        return port(r.client());
      case 'R':
        return port(r.server());
      case 's':
        return r.serverInfo();
      case 'u':
        return r.user();
      case '%':
        return "%";
      default:
        return null;
    }
  }

  private static String name(Endpoint e, Consumer<String> warn) {
    boolean fresh = !e.nameEvaluated();
    String n = e.name();
    if (fresh) {
      String w = EndpointWarnings.take(e);
      if (w != null) {
        warn.accept(w);
      }
    }
    return n;
  }

  private static String port(Endpoint e) {
    return e.port() < 0 ? "0" : Integer.toString(e.port());
  }

  /**
   * A value with every character outside tcpd's safe set replaced by {@code _}, as expansions are.
   */
  public static String sanitize(String value) {
    StringBuilder sb = new StringBuilder(value.length());
    appendSafe(sb, value);
    return sb.toString();
  }

  /** Appends an expansion with every character outside tcpd's safe set replaced by {@code _}. */
  static void appendSafe(StringBuilder out, String value) {
    for (int k = 0; k < value.length(); k++) {
      char ch = value.charAt(k);
      out.append(OK_CHARS.indexOf(ch) >= 0 ? ch : '_');
    }
  }
}
