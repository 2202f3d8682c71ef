package dev.tcpwrap.core.tools;

import dev.tcpwrap.core.access.AccessControl;
import dev.tcpwrap.core.access.Verdict;
import dev.tcpwrap.core.request.Endpoint;
import dev.tcpwrap.core.request.Request;
import dev.tcpwrap.core.text.RuleText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;

/**
 * {@code match --batch}: what-if analysis for many clients at once, without any DNS or ident
 * lookup.
 *
 * <p>Each input line is {@code DAEMON[@SERVER] [USER@]CLIENT_ADDRESS [HOSTNAME]}; each output line
 * is {@code granted} or {@code denied}, a blank, and the deciding rule ({@code hosts.allow:3}) or
 * {@code default}. The strings are used as {@code hosts_ctl(3)} uses them: a missing host name or
 * user is {@code unknown}; {@code unknown} and {@code paranoid} as HOSTNAME keep their tcp_wrappers
 * meaning. The verdict is what libwrap's {@code hosts_access()} returns in dry-run (a {@code twist}
 * rule gives its table's verdict). Blank input lines are skipped; a malformed line prints {@code
 * error: ...} in its place.
 */
public final class BatchMatch {

  private final AccessControl access;
  private final int serverPort;

  /**
   * @param access the rules
   * @param serverPort the server port for port patterns, or -1 (no socket address: they never
   *     match)
   */
  public BatchMatch(AccessControl access, int serverPort) {
    this.access = access;
    this.serverPort = serverPort;
  }

  /** Decides one input line; returns the output line. */
  public String decide(String line) {
    List<String> words = RuleText.tokens(line.replace(',', '\u0001'));
    if (words.size() < 2 || words.size() > 3) {
      return null;
    }
    for (int i = 0; i < words.size(); i++) {
      words.set(i, words.get(i).replace('\u0001', ','));
    }
    String daemon = words.get(0);
    String server = null;
    int at = RuleText.splitAt(daemon, 0, '@');
    if (at >= 0) {
      server = unbracket(daemon.substring(at + 1));
      daemon = daemon.substring(0, at);
    }
    String client = words.get(1);
    String user = null;
    int uat = RuleText.splitAt(client, 0, '@');
    if (uat >= 0) {
      user = client.substring(0, uat);
      client = client.substring(uat + 1);
    }
    String name = words.size() > 2 ? words.get(2) : null;
    Request r =
        Request.ofStrings(
            daemon,
            Endpoint.ofStrings(unbracket(client), name, -1),
            Endpoint.ofStrings(server, null, serverPort),
            user);
    Verdict v = access.decide(r);
    return (v.hostsAccessResult() ? "granted " : "denied ") + v.ruleRef();
  }

  private static String unbracket(String s) {
    if (s.length() >= 2 && s.charAt(0) == '[' && s.charAt(s.length() - 1) == ']') {
      return s.substring(1, s.length() - 1);
    }
    return s;
  }

  /** Runs over every line of {@code in}; returns the number of malformed lines. */
  public int run(BufferedReader in, PrintWriter out) throws IOException {
    int errors = 0;
    int lineNo = 0;
    String line;
    while ((line = in.readLine()) != null) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      String result = decide(line);
      if (result == null) {
        errors++;
        out.println(
            "error: stdin, line "
                + lineNo
                + ": expected DAEMON[@SERVER] [USER@]CLIENT_ADDRESS [HOSTNAME]");
      } else {
        out.println(result);
      }
    }
    out.flush();
    return errors;
  }
}
