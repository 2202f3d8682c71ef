package dev.tcpwrap.core.access.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.core.access.AccessControl;
import dev.tcpwrap.core.access.AddressVerdict;
import dev.tcpwrap.core.access.FileMatchEnvironment;
import dev.tcpwrap.core.access.Verdict;
import dev.tcpwrap.core.match.ClientPattern;
import dev.tcpwrap.core.request.Request;
import dev.tcpwrap.core.resolve.HostName;
import dev.tcpwrap.core.resolve.HostResolver;
import dev.tcpwrap.core.rules.PackedEntries;
import dev.tcpwrap.core.rules.Rule;
import dev.tcpwrap.core.rules.RuleTable;
import dev.tcpwrap.core.rules.RuleTableLoader;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The compact form of a table ({@link RuleTableLoader#parse}: blocklist lines as {@link
 * PackedEntries}) against the general parser alone ({@link RuleTableLoader#parseFull}: every rule
 * an object), on generated files (fixed seeds) mixing the compact line shapes with their near
 * misses: the same entries, the same index keys, and the same verdict for every client and daemon.
 */
class CompactFormEquivalenceTest {

  private static final String[] DAEMONS = {
    "ALL",
    "sshd",
    "ftpd",
    "sshd,ftpd",
    "ALL EXCEPT ftpd",
    "22",
    "sshd@127.0.0.1",
    "in.*",
    ".d",
    "sshd ",
    " sshd",
    "SSHD",
    "#x",
    "EXCEPT"
  };

  /** Client tokens: compact forms, and forms the fast path must leave to the general parser. */
  private static final String[] CLIENTS = {
    "10.1.2.3",
    "10.1.2.0/24",
    "10.1.0.0/16",
    "10.1.2.",
    "10.",
    "10.1.2.3.",
    "010.1.2.3",
    "10.1.2.03",
    "10.1.2.5/24",
    "10.1.2.0/255.255.255.0",
    "10.1.2.0/024",
    "10.1.2.0/0",
    "10.1.2.0/33",
    "10.1.2.3/32",
    "256.1.2.3",
    "10.1.2",
    "[2001:db8::1]",
    "[2001:DB8::1]",
    "[2001:db8::]/32",
    "[2001:db8::]/64",
    "[2001:db8::1]/0",
    "[2001:db8::1]/129",
    "[2001:db8::1%1]",
    "[::ffff:10.1.2.3]",
    "[2001:db8::1",
    "[]",
    "[x]",
    "[2001:db8::1]/abc",
    "ALL",
    "LOCAL",
    ".example.com",
    "10.1.2.3 10.1.2.4",
    "10.1.2.3,",
    "10.1.2.3 EXCEPT 10.1.2.3",
    "root@10.1.2.3",
    "10.1.2.3: deny",
    "10.1.2.3: spawn echo",
    "10.1.2.3 :",
    "1.2.3.4]",
    "0.0.0.0/0.0.0.0",
    "255.255.255.255",
    "[::]/0",
    "10.1.2.3\r"
  };

  private static final String[] CLIENT_ADDRESSES = {
    "10.1.2.3",
    "10.1.2.4",
    "10.1.2.9",
    "10.1.9.9",
    "10.9.9.9",
    "8.1.2.3",
    "11.1.2.3",
    "2001:db8::1",
    "2001:db8::2",
    "2001:db8:0:0:1::1",
    "2001:db9::1",
    "::1",
    "127.0.0.1"
  };

  @Test
  void compactAndFullTablesAgreeOnGeneratedFiles() throws Exception {
    int compact = 0;
    for (long seed = 1; seed <= 200; seed++) {
      Random rnd = new Random(seed);
      byte[] allow = file(rnd, 1 + rnd.nextInt(12));
      byte[] deny = file(rnd, 1 + rnd.nextInt(12));
      RuleTable fastAllow = RuleTableLoader.parse("hosts.allow", RuleTable.Role.ALLOW, allow);
      RuleTable fastDeny = RuleTableLoader.parse("hosts.deny", RuleTable.Role.DENY, deny);
      RuleTable fullAllow = RuleTableLoader.parseFull("hosts.allow", RuleTable.Role.ALLOW, allow);
      RuleTable fullDeny = RuleTableLoader.parseFull("hosts.deny", RuleTable.Role.DENY, deny);
      String files =
          "seed "
              + seed
              + "\nallow:\n"
              + new String(allow, StandardCharsets.ISO_8859_1)
              + "deny:\n"
              + new String(deny, StandardCharsets.ISO_8859_1);
      compact += sameEntries(fastAllow, fullAllow, files) + sameEntries(fastDeny, fullDeny, files);
      AccessControl fast = AccessControl.of(fastAllow, fastDeny, FileMatchEnvironment.system());
      AccessControl full = AccessControl.of(fullAllow, fullDeny, FileMatchEnvironment.system());
      AccessControl linear =
          AccessControl.linear(fullAllow, fullDeny, FileMatchEnvironment.system());
      for (String daemon : new String[] {"sshd", "ftpd", "in.telnetd"}) {
        for (String c : CLIENT_ADDRESSES) {
          InetAddress client = InetAddress.getByName(c);
          assertThat(describe(fast.decideAddress(daemon, client)))
              .as("decideAddress %s %s\n%s", daemon, c, files)
              .isEqualTo(describe(full.decideAddress(daemon, client)));
          for (String name : new String[] {null, "host.example.com"}) {
            Request r = request(daemon, client, name);
            String expected = describe(linear.decide(r));
            assertThat(describe(fast.decide(request(daemon, client, name))))
                .as("decide %s %s name %s\n%s", daemon, c, name, files)
                .isEqualTo(expected);
            assertThat(describe(full.decide(request(daemon, client, name))))
                .as("full indexed %s %s\n%s", daemon, c, files)
                .isEqualTo(expected);
          }
        }
      }
    }
    // the comparison proves nothing unless many rules took the compact form
    assertThat(compact).as("compact entries compared").isGreaterThan(500);
  }

  @Test
  void continuedLongAndNulLinesAreReadAsLibwrapReadsThem() {
    String longLine = "sshd: " + "x".repeat(2100) + "\n";
    String text =
        "ALL: 10.0.0.1\\\n 10.0.0.2\nsshd: 10.0.0.3\r\n"
            + longLine
            + "ALL: 10.0.0.4\0 junk\nALL: 10.0.0.5\nALL: 10.0.0.6\\\r\nALL: 10.0.0.7\n"
            + "# ALL: 10.0.0.8\nALL: 10.0.0.9";
    byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
    RuleTable fast = RuleTableLoader.parse("hosts.deny", RuleTable.Role.DENY, b);
    RuleTable full = RuleTableLoader.parseFull("hosts.deny", RuleTable.Role.DENY, b);
    sameEntries(fast, full, text);
    assertThat(fast.failure()).isEqualTo(full.failure()).isNotNull();
  }

  /** Entry by entry; returns how many were compact. */
  private static int sameEntries(RuleTable fast, RuleTable full, String files) {
    assertThat(fast.failure()).as(files).isEqualTo(full.failure());
    assertThat(fast.size()).as(files).isEqualTo(full.size());
    assertThat(fast.ruleCount()).as(files).isEqualTo(full.ruleCount());
    PackedEntries packed = (PackedEntries) fast.entries();
    int compact = 0;
    for (int i = 0; i < fast.size(); i++) {
      assertThat(describe(fast.entries().get(i)))
          .as(files)
          .isEqualTo(describe(full.entries().get(i)));
      assertThat(fast.ruleText(i)).as(files).isEqualTo(full.ruleText(i));
      assertThat(fast.line(i)).as(files).isEqualTo(full.line(i));
      assertThat(fast.isSkipped(i)).as(files).isEqualTo(full.isSkipped(i));
      assertThat(fast.ruleTextHash(i))
          .as(files)
          .isEqualTo(full.ruleTextHash(i))
          .isEqualTo(fnv1a(full.ruleText(i)));
      if (packed.isCompact(i)) {
        compact++;
        Rule rule = ((RuleTable.RuleEntry) full.entries().get(i)).rule();
        List<long[]> keys = new ArrayList<>();
        List<ClientPattern> tokens = rule.clients().segments().get(0);
        assertThat(rule.clients().segments()).as(files).hasSize(1);
        assertThat(tokens).as(files).hasSize(1);
        assertThat(rule.optionsText()).as(files).isNull();
        assertThat(PatternPrefixes.add(tokens.get(0).host(), keys)).as(files).isTrue();
        long[] prefix = new long[4];
        packed.clientPrefix(i, prefix);
        assertThat(keys).as("%s\n%s", rule.text(), files).hasSize(1);
        long[] k = keys.get(0);
        assertThat(new long[] {prefix[0], prefix[1], prefix[2], prefix[3]})
            .as(rule.text())
            .containsExactly(k[0], k[1], k[2], k[3]);
      }
    }
    return compact;
  }

  /** 64-bit FNV-1a of the characters, 0 for null: what {@link RuleTable#ruleTextHash} promises. */
  private static long fnv1a(String s) {
    if (s == null) {
      return 0;
    }
    long h = 0xcbf29ce484222325L;
    for (int k = 0; k < s.length(); k++) {
      h = (h ^ s.charAt(k)) * 0x100000001b3L;
    }
    return h;
  }

  private static String describe(RuleTable.Entry e) {
    if (e instanceof RuleTable.RuleEntry r) {
      Rule x = r.rule();
      return x.file()
          + ":"
          + x.line()
          + " "
          + x.text()
          + " "
          + x.options().options()
          + " "
          + x.options().error();
    }
    return "skipped " + ((RuleTable.SkippedEntry) e).warning();
  }

  private static String describe(AddressVerdict v) {
    return v == null
        ? "defer"
        : v.granted()
            + " "
            + v.reason()
            + " "
            + v.ruleRef()
            + " "
            + v.line()
            + " "
            + (v.rule() == null ? null : v.rule().text());
  }

  private static String describe(Verdict v) {
    return v.granted()
        + " "
        + v.reason()
        + " "
        + v.ruleRef()
        + " "
        + (v.rule() == null ? null : v.rule().text())
        + " "
        + v.options();
  }

  private static Request request(String daemon, InetAddress client, String name) {
    HostResolver resolver = name == null ? a -> HostName.UNKNOWN : a -> HostName.known(name);
    return Request.forConnection(
        daemon,
        new InetSocketAddress(client, 5555),
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 22),
        resolver);
  }

  /** A file of mostly compact-looking lines, with near misses, comments and odd line ends. */
  private static byte[] file(Random rnd, int lines) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < lines; i++) {
      int shape = rnd.nextInt(20);
      String line;
      if (shape == 0) {
        line = "# comment " + CLIENTS[rnd.nextInt(CLIENTS.length)];
      } else if (shape == 1) {
        line = "";
      } else if (shape == 2) {
        line = "no separator here";
      } else {
        String daemon = rnd.nextInt(3) == 0 ? DAEMONS[rnd.nextInt(DAEMONS.length)] : "ALL";
        String sep = rnd.nextInt(4) == 0 ? ":\t " : ": ";
        line = daemon + sep + CLIENTS[rnd.nextInt(CLIENTS.length)];
        if (rnd.nextInt(10) == 0) {
          line += " ,";
        }
      }
      out.writeBytes(line.getBytes(StandardCharsets.ISO_8859_1));
      out.write(rnd.nextInt(15) == 0 ? '\\' : 0);
      out.write('\n');
    }
    byte[] b = out.toByteArray();
    // the zero bytes written above are placeholders: drop them (a NUL now and then stays)
    ByteArrayOutputStream clean = new ByteArrayOutputStream();
    for (byte x : b) {
      if (x != 0 || rnd.nextInt(40) == 0) {
        clean.write(x);
      }
    }
    return clean.toByteArray();
  }
}
