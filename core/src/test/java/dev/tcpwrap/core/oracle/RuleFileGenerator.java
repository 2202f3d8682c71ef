package dev.tcpwrap.core.oracle;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Random, well-formed-ish hosts.allow/hosts.deny pairs (with {@code /file} pattern lists) and
 * requests for the differential test against libwrap.
 *
 * <p>Rules and requests draw from the same small pools of addresses, names, daemons and users, so
 * that a good share of the requests match something, and every form of the language (and its
 * lexical traps) shows up.
 *
 * <p>Deliberately never generated, because the two sides are not comparable or libwrap misbehaves:
 *
 * <ul>
 *   <li>{@code banners}, {@code user}, {@code group}, {@code aclexec} options (dry-run side
 *       effects: banner text on stdout, real {@code setuid()} in Debian's dry run, a process-global
 *       sticky aclexec flag);
 *   <li>{@code /file} lists that include themselves (libwrap recurses until the stack overflows) or
 *       that hold a word longer than 8 KiB (stack buffer overflow in libwrap's {@code
 *       fscanf("%s")});
 *   <li>{@code %} expansions longer than 8 KiB (libwrap sleeps 5 s and exits).
 * </ul>
 */
final class RuleFileGenerator {

  static final String[] IPV4 = {
    "10.0.0.1",
    "10.0.0.2",
    "10.0.0.8",
    "10.1.2.3",
    "10.7.0.9",
    "192.168.1.10",
    "192.168.1.5",
    "192.168.1.255",
    "192.168.10.1",
    "127.0.0.1",
    "172.16.0.1",
    "255.255.255.255",
    "0.0.0.0",
    "1.2.3.4"
  };
  static final String[] IPV6 = {
    "2001:db8::1",
    "2001:db8::10",
    "2001:db8:0:1::5",
    "2001:dead::1",
    "::1",
    "::",
    "fe80::1",
    "2001:db8::a:1",
    "2001:db8:ffff::1"
  };
  static final String[] NAMES = {
    "good.example.com",
    "host.example.org",
    "other.example.com",
    "nodots",
    "localhost",
    "a.b.example.com",
    "example.com",
    "in.example.com",
    "good"
  };
  static final String[] DAEMONS = {
    "sshd", "in.ftpd", "ftpd", "in.telnetd", "vsftpd", "unknown", "sshd2", "portmap"
  };
  static final String[] USERS = {"root", "bob", "alice", "unknown", "r.o", "toor"};
  static final int[] PORTS = {0, 22, 23, 4711, 65535};

  private final Random rnd;

  RuleFileGenerator(Random rnd) {
    this.rnd = rnd;
  }

  /** One pair of tables, its pattern files and a batch of requests. */
  static final class Scenario {
    final Path dir;
    final Path allow;
    final Path deny;
    byte[] allowContent;
    byte[] denyContent;

    /** Pattern files to create (a referenced but absent path is a "missing file" case). */
    final Map<Path, byte[]> patternFiles = new LinkedHashMap<>();

    final List<Path> patternPaths = new ArrayList<>();
    int port = -1;
    final List<String> requests = new ArrayList<>();

    Scenario(Path dir) {
      this.dir = dir;
      this.allow = dir.resolve("allow");
      this.deny = dir.resolve("deny");
    }
  }

  Scenario scenario(Path dir, int requests) {
    Scenario s = new Scenario(dir);
    // pattern files: created in order, so a file may only refer to files made before it (no cycles)
    int files = rnd.nextInt(4);
    for (int i = 0; i < files; i++) {
      Path p = dir.resolve("list" + i);
      if (rnd.nextInt(8) != 0) {
        s.patternFiles.put(p, patternFile(s)); // may only refer to the files before it
      }
      s.patternPaths.add(p);
    }
    if (rnd.nextInt(3) == 0) {
      s.patternPaths.add(dir.resolve("missing"));
    }
    if (rnd.nextInt(10) == 0) {
      s.patternPaths.add(dir); // a directory: fopen() succeeds, reading fails: no words
    }
    s.allowContent = table(s);
    s.denyContent =
        switch (rnd.nextInt(6)) {
          case 0, 1 -> bytes("ALL: ALL\n");
          case 2 -> bytes("");
          default -> table(s);
        };
    // an absent table is empty (ENOENT)
    s.allowContent = rnd.nextInt(25) == 0 ? null : s.allowContent;
    s.denyContent = rnd.nextInt(25) == 0 ? null : s.denyContent;
    if (rnd.nextBoolean()) {
      s.port = PORTS[rnd.nextInt(PORTS.length)];
    }
    for (int i = 0; i < requests; i++) {
      s.requests.add(request());
    }
    return s;
  }

  // ----------------------------------------------------------------------------------------------
  // files

  private byte[] patternFile(Scenario s) {
    StringBuilder sb = new StringBuilder();
    int words = 1 + rnd.nextInt(6);
    String[] ws = {" ", "\n", "\t", "  ", "\r\n", "\f", "\u000b", " \n "};
    for (int i = 0; i < words; i++) {
      String w;
      switch (rnd.nextInt(12)) {
        case 0 ->
            w =
                pick(
                    "#",
                    "# comment",
                    "#",
                    "EXCEPT",
                    "except",
                    "10.0.0.1\0junk",
                    "\0",
                    "g\u00f6\u00f6d",
                    "ALL@10.0.0.1",
                    "root@ALL");
        case 1 ->
            w = s.patternPaths.isEmpty() ? hostPattern(s, false) : pick(s.patternPaths).toString();
        default -> w = hostPattern(null, false);
      }
      sb.append(w).append(pick(ws));
    }
    if (rnd.nextInt(5) == 0) {
      sb.setLength(sb.length() - 1); // no final separator
    }
    return bytes(sb.toString());
  }

  private byte[] table(Scenario s) {
    StringBuilder sb = new StringBuilder();
    // often a single rule, so that its verdict is not hidden behind an earlier match
    int lines = rnd.nextInt(3) == 0 ? 1 : rnd.nextInt(9);
    for (int i = 0; i < lines; i++) {
      switch (rnd.nextInt(24)) {
        case 0 -> sb.append(pick("", " ", "\t", "\r", " \t ")).append('\n');
        case 1 -> sb.append("# ").append(rule(s)).append(rnd.nextInt(3) == 0 ? "\\\n" : "\n");
        case 2 -> sb.append(pick("  ", "\t", " ")).append("# ").append(rule(s)).append('\n');
        case 3 -> sb.append(daemonList(s)).append(' ').append(clientList(s)).append('\n'); // no ':'
        case 4 -> sb.append(longLine(s));
        default -> sb.append(perturb(rule(s))).append(pick("\n", "\n", "\n", "\n", "\r\n"));
      }
    }
    if (sb.length() > 0 && rnd.nextInt(10) == 0) {
      sb.setLength(sb.length() - 1); // last line without newline
    }
    return bytes(sb.toString());
  }

  /** A rule padded to just below, at or above libwrap's 2047-character logical line limit. */
  private String longLine(Scenario s) {
    int target = pick(2045, 2046, 2047, 2048, 2049, 3000);
    String r = rule(s);
    StringBuilder sb = new StringBuilder();
    switch (rnd.nextInt(3)) {
      case 0 -> { // a long comment
        sb.append('#');
        while (sb.length() < target - 1) {
          sb.append('x');
        }
      }
      case 1 -> { // a long client list, continued over several physical lines
        int c = r.indexOf(':');
        sb.append(r, 0, c + 1);
        while (sb.length() < target - 20) {
          sb.append(" 10.9.9.9").append(rnd.nextInt(8) == 0 ? "\\\n" : "");
        }
        sb.append(' ').append(r.substring(c + 1));
        while (sb.length() < target - 1) {
          sb.append(' ');
        }
      }
      default -> {
        sb.append(r);
        while (sb.length() < target - 1) {
          sb.append(' ');
        }
      }
    }
    return sb.append('\n').toString();
  }

  /** Lexical noise that libwrap gives a meaning to. */
  private String perturb(String line) {
    StringBuilder sb = new StringBuilder(line);
    int r = rnd.nextInt(20);
    if (r == 0 && sb.length() > 1) { // continuation anywhere, even inside a word
      sb.insert(1 + rnd.nextInt(sb.length() - 1), "\\\n");
    } else if (r == 1) { // continuation at a blank
      int sp = sb.indexOf(" ");
      if (sp >= 0) {
        sb.replace(sp, sp + 1, pick("\\\n", " \\\n", "\\\n\t"));
      }
    } else if (r == 2) { // backslash CR LF is not a continuation
      int sp = sb.indexOf(" ");
      if (sp >= 0) {
        sb.replace(sp, sp + 1, " \\\r\n");
      }
    } else if (r == 3) {
      sb.append(pick(" # trailing comment", "# x", " #"));
    } else if (r == 4 && sb.length() > 0) {
      sb.insert(rnd.nextInt(sb.length()), '\0');
    } else if (r == 5) {
      int sp = sb.indexOf(" ");
      if (sp >= 0) {
        sb.setCharAt(sp, '\r');
      }
    } else if (r == 6) {
      sb.insert(rnd.nextInt(sb.length() + 1), pick("[", "]", "[]", ":", "::"));
    }
    return sb.toString();
  }

  // ----------------------------------------------------------------------------------------------
  // rules

  private String rule(Scenario s) {
    StringBuilder sb = new StringBuilder();
    sb.append(daemonList(s)).append(pick(":", ": ", " : ", ":\t", " :"));
    sb.append(clientList(s));
    if (rnd.nextInt(3) == 0) {
      sb.append(pick(":", ": ", " : ")).append(options());
    }
    return sb.toString();
  }

  private String daemonList(Scenario s) {
    return list(() -> daemonPattern(s));
  }

  private String clientList(Scenario s) {
    return list(() -> clientPattern(s));
  }

  private String list(java.util.function.Supplier<String> token) {
    List<String> t = new ArrayList<>();
    int n = 1 + rnd.nextInt(3);
    for (int i = 0; i < n; i++) {
      t.add(token.get());
    }
    switch (rnd.nextInt(10)) {
      case 0 -> t.add(rnd.nextInt(t.size() + 1), except()); // anywhere, even leading or trailing
      case 1 -> {
        t.add(except());
        t.add(token.get());
      }
      case 2 -> {
        t.add(except());
        t.add(token.get());
        t.add(except());
        t.add(token.get());
      }
      default -> {}
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < t.size(); i++) {
      if (i > 0) {
        sb.append(pick(" ", ", ", ",", "\t", " , ", ",,", "  "));
      }
      sb.append(t.get(i));
    }
    return sb.toString();
  }

  private String except() {
    return pick("EXCEPT", "EXCEPT", "except", "Except");
  }

  private String daemonPattern(Scenario s) {
    String d;
    switch (rnd.nextInt(19)) {
      case 0, 16, 17, 18 -> d = randomCase("ALL"); // often ALL, so that the client list gets tested
      case 1 -> d = randomCase("KNOWN");
      case 2 -> d = pick(".ftpd", "in.", ".d", "IN.", "ssh.", ".sshd");
      case 3 -> d = pick("ssh*", "*d", "?tpd", "in.*", "*", "s?hd", "*ftp*", "?");
      case 4, 5 ->
          d =
              pick(
                  "0",
                  "22",
                  "23",
                  "4711",
                  "65535",
                  "65536",
                  "+22",
                  "022",
                  "4294967318",
                  "-1",
                  "99999",
                  "+0",
                  "0x16",
                  "-4294967274",
                  "22abc");
      case 6 ->
          d =
              pick(
                  "@sshd",
                  "/sshd",
                  "unknown",
                  "UNKNOWN",
                  "@",
                  "sshd@",
                  "caf\u00e9",
                  "CAF\u00c9",
                  "caf?",
                  "x".repeat(127) + "*",
                  "*" + "d".repeat(124),
                  "sshd" + "d".repeat(123));
      default -> d = randomCase(pick(DAEMONS), 4);
    }
    if (rnd.nextInt(6) == 0) {
      d = d + "@" + hostPattern(s, true);
    }
    return d;
  }

  private String clientPattern(Scenario s) {
    String h = hostPattern(s, false);
    if (rnd.nextInt(7) == 0) {
      String u =
          switch (rnd.nextInt(6)) {
            case 0 -> randomCase("KNOWN");
            case 1 -> randomCase("UNKNOWN");
            case 2 -> randomCase("ALL");
            case 3 -> pick("r*", "?ob", ".o", "r.", "*");
            case 4 ->
                pick("r" + "o".repeat(126), "r" + "o".repeat(127), "*o", "", "r\u00f6\u00f6t");
            default -> randomCase(pick(USERS), 4);
          };
      h = u + "@" + h;
    }
    return h;
  }

  /** A host pattern; {@code s} null: no {@code /file} references (inside pattern files). */
  private String hostPattern(Scenario s, boolean server) {
    switch (rnd.nextInt(30)) {
      case 0, 1:
        return randomCase(pick("ALL", "LOCAL", "KNOWN", "UNKNOWN", "PARANOID"));
      case 2, 3, 4:
        return pick(IPV4);
      case 5:
        return octalHex(pick(IPV4));
      case 6, 7:
        return randomCase(pick(NAMES), 3);
      case 8:
        return randomCase(
            pick(
                ".example.com",
                ".com",
                ".example.org",
                ".10",
                ".0.1",
                ".1",
                ".b.example.com",
                ".localhost",
                ".255"),
            3);
      case 9:
        return prefix();
      case 10, 11, 12:
        return netMask4();
      case 13, 14:
        return "[" + v6Text(pick(IPV6)) + "]";
      case 15, 16:
        return netMask6();
      case 17:
        return "[" + pick(IPV6) + "/" + pick("32", "64", "128", "0") + "]"; // broken notation
      case 18:
        return server
            ? pick(IPV4)
            : pick("2001:db8::1", "::1", "fe80::1"); // unbracketed: cut at ':'
      case 19, 20:
        return randomCase(
            pick(
                "192.168.1.*",
                "10.0.0.?",
                "*.example.com",
                "*",
                "?",
                "good*",
                "*o*",
                "[2001:db8::*]",
                "*:*",
                "::ffff:*",
                "10.*.1",
                "*.*.*.*",
                "G??d.*",
                "*.1?",
                "1*",
                "*.",
                ".*",
                "*example*",
                "l?cal*"),
            3);
      case 21, 22:
        if (s != null && !s.patternPaths.isEmpty()) {
          return pick(s.patternPaths).toString();
        }
        return pick(IPV4);
      case 23:
        return pick(
            "@trusted",
            "@ALL",
            "#",
            "#comment",
            "[",
            "]",
            "[10.0.0.1]",
            "10.0.0.1]",
            "FAIL",
            "[::ffff:10.0.0.1]",
            "[unknown]",
            "[]",
            "/",
            "0",
            "-",
            "[fe80::1%1]",
            "[fe80::1%lo]",
            "[::1%1]",
            "[fe80::%2]/64",
            "[::1%lo]",
            "[::ffff:0.0.0.0]/96",
            "[0:0:0:0:0:ffff:10.0.0.1]",
            "@",
            "g\u00f6\u00f6d",
            "G\u00d6\u00d6D",
            "*\u00f6*",
            "good\u000b",
            "10.0.0.1\u000b",
            ".EXAMPLE.COM\u00e9",
            "\u00e9",
            "root@",
            "ALL@",
            "@@",
            "a@b@ALL");
      case 24:
        return pick(
            "10.0.0.010",
            "010.0.0.01",
            "0x0a.0.0.1",
            "10.0.1",
            "10",
            "10.0.0.1.",
            "1.2.3.4.5",
            "::ffff:10.0.0.1",
            "::FFFF:192.168.1.10");
      default:
        return rnd.nextBoolean() ? pick(IPV4) : randomCase(pick(NAMES), 3);
    }
  }

  private String prefix() {
    return switch (rnd.nextInt(4)) {
      case 0 -> pick("good.", "a.b.", "in.", "GOOD.", "localhost.", "host.example.");
      case 1 -> pick("2001:db8.", "::ffff:10.", "0.");
      default -> {
        String[] o = pick(IPV4).split("\\.");
        int k = 1 + rnd.nextInt(3);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < k; i++) {
          sb.append(o[i]).append('.');
        }
        yield sb.toString();
      }
    };
  }

  private String octalHex(String ip) {
    String[] o = ip.split("\\.");
    int i = rnd.nextInt(4);
    int v = Integer.parseInt(o[i]);
    o[i] = rnd.nextBoolean() ? "0" + Integer.toOctalString(v) : "0x" + Integer.toHexString(v);
    return String.join(".", o);
  }

  private String netMask4() {
    long addr = ipv4(pick(IPV4));
    String mask;
    long m;
    if (rnd.nextBoolean()) {
      Object len =
          pick(
              0,
              1,
              7,
              8,
              15,
              16,
              23,
              24,
              25,
              31,
              32,
              33,
              rnd.nextInt(34),
              "8abc",
              "+8",
              "-8",
              "",
              "0x10",
              "024",
              "24.0",
              "abc");
      mask = len.toString();
      m =
          len instanceof Integer l && l >= 1 && l <= 32
              ? (0xffffffffL << (32 - l)) & 0xffffffffL
              : -1;
    } else {
      mask =
          pick(
              "255.255.255.0",
              "255.0.255.0",
              "255.255.255.255",
              "0.0.0.0",
              "255.255.0.0",
              "255.255.255.254",
              "254.0.0.0",
              "255.0.0.0",
              "0.0.0.255",
              "255.255.255.248",
              "255.255.255",
              "0377.0.0.0",
              "0xff.0xff.0.0");
      m =
          mask.chars().filter(c -> c == '.').count() == 3
                  && !mask.contains("x")
                  && !mask.startsWith("0377")
              ? ipv4(mask)
              : -1;
    }
    if (m >= 0 && rnd.nextInt(3) != 0) {
      addr &= m; // usually a proper network, sometimes with host bits (which libwrap does not mask)
    }
    String net = format4(addr);
    if (rnd.nextInt(6) == 0) {
      net = octalHex(net);
    }
    return net + "/" + mask;
  }

  private String netMask6() {
    String net = v6Text(pick(IPV6));
    String len =
        pick(
            "0",
            "1",
            "16",
            "32",
            "48",
            "64",
            "96",
            "112",
            "120",
            "127",
            "128",
            "129",
            Integer.toString(rnd.nextInt(130)),
            "abc",
            "64x",
            "-1",
            "",
            "+64",
            "0128");
    if (rnd.nextInt(10) == 0) {
      net = pick("::ffff:10.0.0.0", "::ffff:192.168.1.0", "10.0.0.0");
    }
    return "[" + net + "]/" + len;
  }

  private String options() {
    int n = 1 + rnd.nextInt(3);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append(pick(":", ": ", " : "));
      }
      sb.append(option());
    }
    return sb.toString();
  }

  private String option() {
    return switch (rnd.nextInt(6)) {
      case 0, 1 -> pick("allow", "deny", "ALLOW", "DENY", "Allow", "deny");
      case 2 ->
          pick(
              "spawn echo %a \\: x",
              "spawn /bin/true",
              "twist /bin/echo x",
              "twist /bin/echo %d %h",
              "spawn",
              "twist",
              "spawn (echo %u) &",
              "setenv FOO bar %a",
              "setenv X");
      case 3 ->
          pick(
              "keepalive",
              "keepalive 5",
              "linger 5",
              "linger -1",
              "linger 0",
              "linger x",
              "umask 022",
              "umask 0888",
              "umask 777",
              "umask 1777",
              "nice",
              "nice 3",
              "nice -5",
              "nice x",
              "rfc931",
              "rfc931 0",
              "rfc931 5",
              "rfc931 x",
              "rfc931 5x",
              "rfc931 +5",
              "rfc931 2147483648",
              "rfc931 99999999999",
              "nice 99999999999",
              "linger 2147483648",
              "linger +5",
              "umask 01000",
              "umask 077x",
              "umask +077",
              "umask 40000000000",
              "umask -0",
              "nice 3 x",
              "linger 0x5");
      case 4 ->
          pick(
              "severity local3.notice",
              "severity x",
              "severity warning",
              "severity=warning",
              "severity = info",
              "severity auth.crit",
              "severity local9.info",
              "severity DAEMON.ERR",
              "severity local0.",
              "severity .info",
              "severity");
      default ->
          pick(
              "frobnicate",
              "",
              "   ",
              "allow x",
              "deny=1",
              "=allow",
              "allow=",
              "ALLOW ",
              "al low",
              "allow # comment",
              "spawn=echo x",
              "keepalive=",
              "severity==warning",
              "allow\u000b",
              "spawn\u000becho x",
              "\u000ballow",
              "nice\f",
              "keepalive \f",
              "\u00e9",
              "severity info\u000b",
              "linger\t5",
              "umask\r022",
              "ALLOW\0junk");
    };
  }

  // ----------------------------------------------------------------------------------------------
  // requests

  /** {@code DAEMON[@SERVER] [USER@]CLIENT_ADDRESS [HOSTNAME]} */
  String request() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        rnd.nextInt(30) == 0
            ? pick(
                "22",
                "0",
                "x".repeat(130) + "sshd",
                "sshd" + "d".repeat(130),
                "caf\u00e9",
                "CAF\u00c9",
                "@")
            : randomCase(pick(DAEMONS), 5));
    if (rnd.nextInt(3) == 0) {
      sb.append('@')
          .append(
              switch (rnd.nextInt(5)) {
                case 0 -> "[" + v6Text(pick(IPV6)) + "]";
                case 1 -> pick("10.0.0.1", "192.168.1.1", "127.0.0.1");
                default -> pick(IPV4);
              });
    }
    sb.append(' ');
    if (rnd.nextInt(5) == 0) {
      sb.append(rnd.nextInt(20) == 0 ? "r" + "o".repeat(130) : randomCase(pick(USERS), 4))
          .append('@');
    }
    sb.append(
        switch (rnd.nextInt(12)) {
          case 0 -> pick("::ffff:", "::FFFF:", "::Ffff:") + pick(IPV4);
          case 1, 2 -> {
            String a = v6Text(pick(IPV6));
            yield rnd.nextInt(4) == 0 ? "[" + a + "]" : a;
          }
          case 3 ->
              pick(
                  "unknown",
                  "UNKNOWN",
                  "10.0.0.010",
                  "0x0a.0.0.1",
                  "10.0.1",
                  "::ffff:10.0.0.010",
                  "fe80::1%1",
                  "1.2.3.4.5",
                  "ffff::10.0.0.1",
                  "0:0:0:0:0:ffff:10.0.0.1",
                  "::ffff:255.255.255.255",
                  "::1%lo",
                  "fe80::1%lo",
                  "::1%2",
                  "fe80::1%bogus",
                  "::ffff:0x0a.0.0.1",
                  "::1%01",
                  "::1%+1");
          default -> pick(IPV4);
        });
    if (rnd.nextInt(3) != 0) {
      sb.append(' ')
          .append(
              switch (rnd.nextInt(8)) {
                case 0 -> pick("unknown", "paranoid", "UNKNOWN", "Paranoid");
                case 1 -> longName();
                case 2 ->
                    pick("g\u00f6\u00f6d", "G\u00d6\u00d6D", "caf\u00e9.example.com", "good\u000b");
                default -> randomCase(pick(NAMES), 3);
              });
    }
    return sb.toString();
  }

  /** A name longer than libwrap's 127-character field, which cuts it. */
  private String longName() {
    StringBuilder sb = new StringBuilder();
    while (sb.length() < 120 + rnd.nextInt(20)) {
      sb.append("x");
    }
    return sb.append(pick(".example.com", ".com", "")).toString();
  }

  // ----------------------------------------------------------------------------------------------
  // helpers

  /** One of the textual forms of an IPv6 address: as given, upper case, or fully expanded. */
  private String v6Text(String a) {
    return switch (rnd.nextInt(5)) {
      case 0 -> a.toUpperCase(Locale.ROOT);
      case 1 -> expand6(a);
      default -> a;
    };
  }

  private static String expand6(String a) {
    try {
      byte[] b = InetAddress.getByName(a).getAddress();
      if (b.length == 4) { // the JDK maps ::ffff:a.b.c.d to IPv4
        return a;
      }
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < 16; i += 2) {
        if (i > 0) {
          sb.append(':');
        }
        sb.append(String.format("%04x", ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff)));
      }
      return sb.toString();
    } catch (UnknownHostException e) {
      return a;
    }
  }

  private static long ipv4(String s) {
    String[] o = s.split("\\.");
    long v = 0;
    for (String x : o) {
      v = (v << 8) | Integer.parseInt(x);
    }
    return v;
  }

  private static String format4(long v) {
    return ((v >>> 24) & 0xff)
        + "."
        + ((v >>> 16) & 0xff)
        + "."
        + ((v >>> 8) & 0xff)
        + "."
        + (v & 0xff);
  }

  private String randomCase(String s) {
    return randomCase(s, 2);
  }

  /** Unchanged with probability 1 - 1/{@code odds}; else upper case or mixed case. */
  private String randomCase(String s, int odds) {
    if (rnd.nextInt(odds) != 0) {
      return s;
    }
    if (rnd.nextBoolean()) {
      return s.toUpperCase(Locale.ROOT);
    }
    StringBuilder sb = new StringBuilder(s);
    for (int i = 0; i < sb.length(); i++) {
      if (rnd.nextBoolean()) {
        sb.setCharAt(i, Character.toUpperCase(sb.charAt(i)));
      }
    }
    return sb.toString();
  }

  @SafeVarargs
  private <T> T pick(T... choices) {
    return choices[rnd.nextInt(choices.length)];
  }

  private <T> T pick(List<T> choices) {
    return choices.get(rnd.nextInt(choices.size()));
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
