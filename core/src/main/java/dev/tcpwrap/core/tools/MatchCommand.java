package dev.tcpwrap.core.tools;

import dev.tcpwrap.core.access.AccessControl;
import dev.tcpwrap.core.access.Explain;
import dev.tcpwrap.core.access.FileMatchEnvironment;
import dev.tcpwrap.core.access.Verdict;
import dev.tcpwrap.core.action.Aclexec;
import dev.tcpwrap.core.diag.Diagnostic;
import dev.tcpwrap.core.diag.Diagnostics;
import dev.tcpwrap.core.net.Inet4;
import dev.tcpwrap.core.net.Inet6;
import dev.tcpwrap.core.options.Option;
import dev.tcpwrap.core.options.PercentExpansion;
import dev.tcpwrap.core.request.Endpoint;
import dev.tcpwrap.core.request.Request;
import dev.tcpwrap.core.resolve.HostName;
import dev.tcpwrap.core.resolve.HostResolver;
import dev.tcpwrap.core.rules.Rule;
import dev.tcpwrap.core.text.RuleText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code match}: our tcpdmatch. It prints upstream tcpdmatch's lines ({@code client:}, {@code
 * server:}, {@code matched:}, {@code option:}, {@code warning:}, {@code error:}, and last {@code
 * access:}) on standard output, as tcpdmatch does with its fake syslog (Debian's hardened build
 * loses all but the first and last).
 *
 * <p>A client given as an address has an {@code unknown} name (tcpdmatch "simulates hostname lookup
 * failure"); {@code unknown} and {@code paranoid} set the name only; a host name is resolved and
 * decided once per address, with the reverse name verified. Nothing is executed: options are shown,
 * {@code twist} gives {@code access: delegated}. The {@code access:} line says what the agent does
 * and, where tcpdmatch would print something else ({@code aclexec} in hosts.allow, which the agent
 * does not run and takes as failed), that too ({@link AccessLine}). Exit status 0 when a verdict
 * was printed, 1 when the host is not found, 2 for a usage error.
 */
final class MatchCommand {

  private MatchCommand() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  static int run(String[] args, PrintStream out, PrintStream err) throws UsageException {
    Args a = Args.parse(args, true);
    AccessControl access = AccessControl.load(a.allow, a.deny);
    if (a.batch) {
      return batch(a, access, out, err);
    }
    if (a.operands.size() != 2) {
      throw new UsageException(
          "usage: match [--allow FILE] [--deny FILE] [--port N] DAEMON[@SERVER] [USER@]CLIENT");
    }
    return single(a, access, a.operands.get(0), a.operands.get(1), out, Resolvers.system());
  }

  private static int batch(Args a, AccessControl access, PrintStream out, PrintStream err)
      throws UsageException {
    if (!a.operands.isEmpty()) {
      throw new UsageException(
          "--batch reads its requests from standard input, not from arguments");
    }
    BatchMatch batch = new BatchMatch(access, a.port);
    try {
      int errors =
          batch.run(
              new BufferedReader(new InputStreamReader(System.in, StandardCharsets.ISO_8859_1)),
              new PrintWriter(new OutputStreamWriter(out, StandardCharsets.ISO_8859_1)));
      return errors == 0 ? 0 : 2;
    } catch (IOException e) {
      err.println("tcpwrap match: cannot read standard input: " + e.getMessage());
      return 2;
    }
  }

  /** One tcpdmatch run; {@code resolver} verifies host names (tests give their own). */
  static int single(
      Args a,
      AccessControl access,
      String daemonArg,
      String clientArg,
      PrintStream out,
      HostResolver resolver) {
    String daemon = daemonArg;
    String server = null;
    int at = RuleText.splitAt(daemonArg, 0, '@');
    if (at >= 0) {
      daemon = daemonArg.substring(0, at);
      server = unbracket(daemonArg.substring(at + 1));
    }
    if (daemon.indexOf('/') >= 0) {
      String base = daemon.substring(daemon.lastIndexOf('/') + 1);
      out.println(
          "warning: " + printable(daemon) + ": daemon name normalized to: " + printable(base));
      daemon = base;
    }
    String client = clientArg;
    String user = null;
    int uat = RuleText.splitAt(clientArg, 0, '@');
    if (uat >= 0) {
      user = clientArg.substring(0, uat);
      client = clientArg.substring(uat + 1);
    }
    client = unbracket(client);
    int port = a.port >= 0 ? a.port : server != null ? 0 : -1;
    Endpoint serverEnd;
    if (server == null) {
      serverEnd = Endpoint.ofStrings(null, null, port);
    } else if (isNumeric(server)) {
      serverEnd = endpoint(server, port, resolver);
    } else {
      InetAddress[] all = lookup(server, out);
      if (all == null) {
        return 1;
      }
      if (all.length > 1) {
        out.println("Error: " + printable(server) + " has more than one address");
        out.println("Please specify an address instead");
        return 1;
      }
      serverEnd = Endpoint.ofSocket(new InetSocketAddress(all[0], Math.max(port, 0)), resolver);
    }
    if (client.equalsIgnoreCase(HostName.UNKNOWN_NAME)
        || client.equalsIgnoreCase(HostName.PARANOID_NAME)) {
      decide(
          access,
          Request.ofStrings(daemon, Endpoint.ofStrings(null, client, -1), serverEnd, user),
          out);
      return 0;
    }
    if (isNumeric(client)) {
      decide(
          access,
          Request.ofStrings(daemon, Endpoint.ofStrings(client, null, -1), serverEnd, user),
          out);
      return 0;
    }
    InetAddress[] all = lookup(client, out);
    if (all == null) {
      return 1;
    }
    for (int i = 0; i < all.length; i++) {
      if (i > 0) {
        out.println();
      }
      HostName h = resolver.nameOf(all[i]);
      String address =
          Endpoint.ofSocket(new InetSocketAddress(all[i], 0), HostResolver.NONE).address();
      Request r =
          Request.ofStrings(daemon, Endpoint.ofStrings(address, h.name(), -1), serverEnd, user);
      if (h.warning() != null) {
        out.println("warning: " + h.warning());
      }
      decide(access, r, out);
    }
    return 0;
  }

  private static Endpoint endpoint(String address, int port, HostResolver resolver) {
    try {
      InetAddress ia = InetAddress.getByName(address);
      Endpoint e = Endpoint.ofSocket(new InetSocketAddress(ia, Math.max(port, 0)), resolver);
      return port < 0 ? Endpoint.ofStrings(e.address(), null, -1) : e;
    } catch (UnknownHostException e) {
      return Endpoint.ofStrings(address, null, port);
    }
  }

  private static InetAddress[] lookup(String host, PrintStream out) {
    try {
      return InetAddress.getAllByName(host);
    } catch (UnknownHostException | SecurityException e) {
      out.println("warning: " + printable(host) + ": host not found");
      return null;
    }
  }

  /**
   * An IPv4 dotted quad (four runs, as tcpdmatch's {@code dot_quad_addr}) or a numeric IPv6
   * address.
   */
  static boolean isNumeric(String s) {
    return Inet4.dotQuadAddr(s) != Inet4.NONE
        || s.equals("255.255.255.255")
        || Inet6.numericHost(s) != null;
  }

  private static String unbracket(String s) {
    if (s.length() >= 2 && s.charAt(0) == '[' && s.charAt(s.length() - 1) == ']') {
      return s.substring(1, s.length() - 1);
    }
    return s;
  }

  /** Prints the header, the evaluation and the verdict of one request. */
  private static void decide(AccessControl access, Request r, PrintStream out) {
    Diagnostics print = d -> out.println(printable(d.toString()));
    java.util.function.Consumer<String> warn =
        msg -> print.report(Diagnostic.warning(null, 0, msg));
    header(r, out, warn);
    Explain explain =
        new Explain() {
          @Override
          public void matched(Rule rule) {
            out.println("matched:  " + printable(rule.file()) + " line " + rule.line());
          }
        };
    Verdict v = access.decide(r, print, explain);
    if (v.rule() != null) {
      showOptions(v, out);
    }
    Verdict agent = v;
    if (Aclexec.effect(v) == Aclexec.Effect.CONSULT_DENY) {
      // the agent does not run the command and lets hosts.deny decide, as CorePolicy does
      agent =
          Aclexec.denyOnly(access, FileMatchEnvironment.system())
              .decide(v.request(), print, explain);
      if (agent.rule() != null) {
        showOptions(agent, out);
      }
    }
    out.println("access:   " + AccessLine.of(v, agent));
  }

  private static void header(Request r, PrintStream out, java.util.function.Consumer<String> warn) {
    String name = r.client().name();
    if (!name.equalsIgnoreCase(HostName.UNKNOWN_NAME)) {
      out.println("client:   hostname " + safe(name));
    }
    if (!r.client().address().equalsIgnoreCase(HostName.UNKNOWN_NAME)) {
      out.println("client:   address  " + safe(r.client().address()));
    }
    if (!r.user().equalsIgnoreCase(HostName.UNKNOWN_NAME)) {
      out.println("client:   username " + safe(r.user()));
    }
    String sname = PercentExpansion.expand("%N", r, warn);
    if (!sname.equalsIgnoreCase(HostName.UNKNOWN_NAME)) {
      out.println("server:   hostname " + sname);
    }
    if (!r.server().address().equalsIgnoreCase(HostName.UNKNOWN_NAME)) {
      out.println("server:   address  " + safe(r.server().address()));
    }
    out.println("server:   process  " + safe(r.daemon()));
  }

  /** tcpdmatch's {@code option:} lines, values expanded, as libwrap's verbose mode logs them. */
  private static void showOptions(Verdict v, PrintStream out) {
    List<Option> options = v.options();
    for (Option o : options) {
      String value = o.value() == null ? "" : o.value();
      if (o.kind().expands()) {
        value =
            PercentExpansion.expand(
                value,
                v.request(),
                w ->
                    out.println(
                        printable(
                            "warning: "
                                + v.rule().file()
                                + ", line "
                                + v.rule().line()
                                + ": "
                                + w)));
        value = value.strip();
      }
      out.println(printable(("option:   " + o.keyword() + " " + value).stripTrailing()));
    }
  }

  /** A value as tcpdmatch prints it: through the shell-safety filter of {@code %} expansion. */
  private static String safe(String s) {
    return PercentExpansion.sanitize(s);
  }

  private static String printable(String s) {
    return RuleText.printable(s);
  }
}
