package dev.tcpwrap.core.reload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.core.access.AccessControl;
import dev.tcpwrap.core.access.AddressVerdict;
import dev.tcpwrap.core.access.FileMatchEnvironment;
import dev.tcpwrap.core.access.Verdict;
import dev.tcpwrap.core.resolve.HostResolver;
import dev.tcpwrap.core.rules.RuleTable;
import dev.tcpwrap.core.rules.RuleTableLoader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, item 4: a rule file that only grew by lines at its end is taken incrementally (the new
 * lines parsed and indexed, the rest kept), with the verdicts of a full load; any other change is a
 * full reload.
 */
class AppendReloadTest {

  @TempDir Path dir;

  private final List<String> log = new CopyOnWriteArrayList<>();
  private RuleFiles files;

  @AfterEach
  void close() {
    if (files != null) {
      files.close();
    }
  }

  private RuleFiles open(Path allow, Path deny) {
    files = new RuleFiles(allow, deny, Duration.ofMillis(50), log::add, t -> List.of());
    files.reportLoaded();
    files.prepareFor(List.of("sshd"));
    return files;
  }

  private static void append(Path p, String text) throws Exception {
    Files.writeString(p, text, StandardCharsets.ISO_8859_1, StandardOpenOption.APPEND);
  }

  private static final List<String> CLIENTS =
      List.of(
          "10.0.0.1",
          "10.0.0.2",
          "10.1.2.3",
          "10.9.9.9",
          "192.168.1.7",
          "192.168.1.8",
          "192.168.2.1",
          "172.16.5.5",
          "8.8.8.8",
          "2001:db8::1",
          "2001:db8::2",
          "2001:db8:1::5",
          "fe80::1");

  private static final List<String> DAEMONS = List.of("sshd", "ftpd", "in.telnetd");

  /** Every client and daemon decided by {@code actual} as by a full load of the same files. */
  private static void assertSameVerdicts(AccessControl actual, AccessControl full)
      throws Exception {
    for (String daemon : DAEMONS) {
      for (String client : CLIENTS) {
        Verdict a = decide(actual, daemon, client);
        Verdict f = decide(full, daemon, client);
        String what = daemon + " from " + client;
        assertThat(a.granted()).as(what).isEqualTo(f.granted());
        assertThat(a.reason()).as(what).isEqualTo(f.reason());
        assertThat(a.ruleRef()).as(what).isEqualTo(f.ruleRef());
        AddressVerdict aa = actual.decideAddress(daemon, InetAddress.getByName(client));
        AddressVerdict fa = full.decideAddress(daemon, InetAddress.getByName(client));
        assertThat(aa == null).as(what).isEqualTo(fa == null);
        if (aa != null) {
          assertThat(aa.granted()).as(what).isEqualTo(fa.granted());
          assertThat(aa.reason()).as(what).isEqualTo(fa.reason());
          assertThat(aa.line()).as(what).isEqualTo(fa.line());
        }
      }
    }
  }

  private static Verdict decide(AccessControl ac, String daemon, String client) throws Exception {
    return ac.decide(
        dev.tcpwrap.core.request.Request.forConnection(
            daemon,
            new InetSocketAddress(InetAddress.getByName(client), 5555),
            new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 22),
            HostResolver.NONE));
  }

  /** The table's entries, by line and text, as a full parse gives them. */
  private static void assertSameTable(RuleTable actual, RuleTable full) {
    assertThat(actual.size()).isEqualTo(full.size());
    for (int i = 0; i < full.size(); i++) {
      assertThat(actual.line(i)).as("entry " + i).isEqualTo(full.line(i));
      assertThat(actual.ruleText(i)).as("entry " + i).isEqualTo(full.ruleText(i));
      assertThat(actual.isSkipped(i)).as("entry " + i).isEqualTo(full.isSkipped(i));
    }
    assertThat(actual.failure()).isEqualTo(full.failure());
  }

  private AccessControl fullLoad(Path allow, Path deny) {
    return AccessControl.load(allow, deny);
  }

  @Test
  void anAppendIsAppliedIncrementally() throws Exception {
    Path allow = Files.writeString(dir.resolve("hosts.allow"), "sshd: 10.0.0.2\n");
    Path deny =
        Files.writeString(
            dir.resolve("hosts.deny"),
            "# bans\nsshd: 10.0.0.0/8 EXCEPT 10.0.0.2\nALL: 192.168.1.7\nALL: [2001:db8::1]\n");
    open(allow, deny);
    assertThat(decide(files.current(), "sshd", "10.1.2.3").ruleRef()).isEqualTo("hosts.deny:2");
    assertThat(decide(files.current(), "ftpd", "10.1.2.3").granted()).isTrue();
    // a ban of a client an earlier line already matches (for sshd) keeps first-match order
    append(deny, "ALL: 10.1.2.3\nALL: 192.168.1.8\nsshd: [2001:db8::2] : allow\nbad line\n");
    assertThat(files.checkNow()).isTrue();
    assertThat(files.appends(true)).isEqualTo(1);
    assertThat(log).anyMatch(l -> l.equals("reloaded " + deny + ": 6 rules (+3 -0), appended"));
    assertThat(log).anyMatch(l -> l.equals("  + ALL: 192.168.1.8"));
    assertThat(log).anyMatch(l -> l.endsWith("hosts.deny, line 8: missing \":\" separator"));
    AccessControl now = files.current();
    assertThat(decide(now, "sshd", "10.1.2.3").ruleRef()).isEqualTo("hosts.deny:2");
    assertThat(decide(now, "ftpd", "10.1.2.3").ruleRef()).isEqualTo("hosts.deny:5");
    assertThat(decide(now, "sshd", "192.168.1.8").granted()).isFalse();
    assertThat(decide(now, "sshd", "2001:db8::2").granted()).isTrue();
    assertSameVerdicts(now, fullLoad(allow, deny));
    assertSameTable(now.denyTable(), RuleTableLoader.load(deny, RuleTable.Role.DENY));
    // an append to the other file keeps this one's index and is incremental too
    append(allow, "ftpd: 10.1.2.3\n");
    assertThat(files.checkNow()).isTrue();
    assertThat(files.appends(false)).isEqualTo(1);
    assertThat(files.current().denyTable()).isSameAs(now.denyTable());
    assertSameVerdicts(files.current(), fullLoad(allow, deny));
    // and again: a second append on top of the first
    append(deny, "ALL: 8.8.8.8\n");
    assertThat(files.checkNow()).isTrue();
    assertThat(files.appends(true)).isEqualTo(2);
    assertSameVerdicts(files.current(), fullLoad(allow, deny));
  }

  @Test
  void aRewriteOfTheLoadedPartIsNotIncremental() throws Exception {
    Path allow = dir.resolve("hosts.allow");
    Path deny = Files.writeString(dir.resolve("hosts.deny"), "ALL: 10.0.0.1\nALL: 10.0.0.2\n");
    open(allow, deny);
    // the same length, then a line appended: the same inode, larger, but line 1 changed
    Files.writeString(deny, "ALL: 10.0.0.9\nALL: 10.0.0.2\nALL: 8.8.8.8\n");
    assertThat(files.checkNow()).isTrue();
    assertThat(files.appends(true)).isZero();
    assertThat(log).noneMatch(l -> l.contains("appended"));
    assertThat(decide(files.current(), "sshd", "10.0.0.1").granted()).isTrue();
    assertThat(decide(files.current(), "sshd", "10.0.0.9").granted()).isFalse();
    assertSameVerdicts(files.current(), fullLoad(allow, deny));
  }

  @Test
  void anAppendAfterALastLineWithoutNewlineIsNotIncremental() throws Exception {
    Path allow = dir.resolve("hosts.allow");
    Path deny = Files.writeString(dir.resolve("hosts.deny"), "ALL: 10.0.0.1\nALL: 10.0.0.2");
    open(allow, deny);
    assertThat(files.current().denyTable().failed()).isTrue();
    append(deny, "\nALL: 8.8.8.8\n");
    assertThat(files.checkNow()).isTrue();
    assertThat(files.appends(true)).isZero();
    assertThat(files.current().denyTable().failed()).isFalse();
    assertThat(decide(files.current(), "sshd", "10.0.0.2").granted()).isFalse();
    assertSameVerdicts(files.current(), fullLoad(allow, deny));
  }

  @Test
  void anAppendAfterABackslashContinuationIsNotIncremental() throws Exception {
    Path allow = dir.resolve("hosts.allow");
    Path deny = Files.writeString(dir.resolve("hosts.deny"), "ALL: 10.0.0.1\nALL: 10.0.0.2 \\\n");
    open(allow, deny);
    append(deny, "10.0.0.3\n");
    assertThat(files.checkNow()).isTrue();
    assertThat(files.appends(true)).isZero();
    assertThat(decide(files.current(), "sshd", "10.0.0.3").granted()).isFalse();
    assertSameVerdicts(files.current(), fullLoad(allow, deny));
  }

  @Test
  void anAppendWithoutItsNewlineFailsClosedAsAFullLoadDoes() throws Exception {
    Path allow = dir.resolve("hosts.allow");
    Path deny = Files.writeString(dir.resolve("hosts.deny"), "ALL: 10.0.0.1\n");
    open(allow, deny);
    append(deny, "ALL: 10.0.0.2");
    assertThat(files.checkNow()).isTrue();
    assertThat(files.appends(true)).isEqualTo(1);
    assertThat(files.current().denyTable().failed()).isTrue();
    assertThat(decide(files.current(), "sshd", "8.8.8.8").granted()).isFalse();
    assertSameVerdicts(files.current(), fullLoad(allow, deny));
    assertSameTable(files.current().denyTable(), RuleTableLoader.load(deny, RuleTable.Role.DENY));
    // the newline comes: the table in force failed, so this is a full reload
    append(deny, "\n");
    assertThat(files.checkNow()).isTrue();
    assertThat(files.appends(true)).isEqualTo(1);
    assertThat(decide(files.current(), "sshd", "8.8.8.8").granted()).isTrue();
    assertSameVerdicts(files.current(), fullLoad(allow, deny));
  }

  @Test
  void seededRandomAppendsOnRealFilesGiveTheVerdictsOfAFullLoad() throws Exception {
    Random random = new Random(10_4);
    Path allow = Files.writeString(dir.resolve("hosts.allow"), lines(random, 5));
    Path deny = Files.writeString(dir.resolve("hosts.deny"), lines(random, 40));
    open(allow, deny);
    for (int round = 0; round < 12; round++) {
      append(random.nextInt(4) == 0 ? allow : deny, lines(random, 1 + random.nextInt(6)));
      assertThat(files.checkNow()).isTrue();
      AccessControl full = fullLoad(allow, deny);
      assertSameVerdicts(files.current(), full);
      assertSameTable(files.current().allowTable(), full.allowTable());
      assertSameTable(files.current().denyTable(), full.denyTable());
    }
    assertThat(files.appends(true) + files.appends(false)).isGreaterThan(0);
  }

  @Test
  void seededRandomAppendsInMemoryGiveTheVerdictsOfAFullLoad() throws Exception {
    int incremental = 0;
    for (long seed = 1; seed <= 40; seed++) {
      Random random = new Random(seed);
      StringBuilder allowText = new StringBuilder(lines(random, random.nextInt(4)));
      StringBuilder denyText = new StringBuilder(lines(random, random.nextInt(60)));
      RuleTable allow = parse("hosts.allow", RuleTable.Role.ALLOW, allowText);
      RuleTable deny = parse("hosts.deny", RuleTable.Role.DENY, denyText);
      AccessControl ac = AccessControl.of(allow, deny, FileMatchEnvironment.system());
      for (String d : DAEMONS) {
        ac.prepare(d);
      }
      for (int round = 0; round < 8; round++) {
        boolean toDeny = random.nextInt(3) > 0;
        StringBuilder text = toDeny ? denyText : allowText;
        RuleTable before = toDeny ? deny : allow;
        int baseLength = text.length();
        text.append(lines(random, 1 + random.nextInt(5)));
        RuleTable appended =
            RuleTableLoader.append(
                before, baseLength, text.toString().getBytes(StandardCharsets.ISO_8859_1));
        RuleTable full = parse(before.name(), before.role(), text);
        if (appended == null) {
          appended = full; // the table before did not end cleanly: a full load
        } else {
          incremental++;
          assertSameTable(appended, full);
        }
        if (toDeny) {
          deny = appended;
        } else {
          allow = appended;
        }
        ac = AccessControl.next(ac, allow, deny, FileMatchEnvironment.system());
        assertSameVerdicts(
            ac,
            AccessControl.of(
                parse("hosts.allow", RuleTable.Role.ALLOW, allowText),
                parse("hosts.deny", RuleTable.Role.DENY, denyText),
                FileMatchEnvironment.system()));
      }
    }
    assertThat(incremental).isGreaterThan(200);
  }

  private static RuleTable parse(String name, RuleTable.Role role, CharSequence text) {
    return RuleTableLoader.parse(name, role, text.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Random lines of the kinds a rule file has, ending with a newline (mostly). */
  private static String lines(Random r, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(line(r));
      if (r.nextInt(60) == 0) {
        sb.append("\\"); // continued on the next line
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static String line(Random r) {
    String daemon =
        List.of("ALL", "sshd", "ftpd", "sshd ftpd", "ALL EXCEPT ftpd").get(r.nextInt(5));
    String client = client(r);
    return switch (r.nextInt(20)) {
      case 0 -> "# a comment";
      case 1 -> "";
      case 2 -> "a line without a separator";
      case 3 -> daemon + ": " + client + " : allow";
      case 4 -> daemon + ": " + client + " : deny";
      case 5 -> daemon + ": " + client + " EXCEPT " + client(r);
      case 6 -> daemon + ": " + client + ", " + client(r);
      case 7 -> daemon + ": LOCAL";
      default -> daemon + ": " + client;
    };
  }

  private static String client(Random r) {
    List<String> all = new ArrayList<>(CLIENTS);
    all.addAll(
        List.of(
            "10.",
            "10.0.0.0/8",
            "10.0.0.0/255.0.0.0",
            "192.168.1.",
            "192.168.0.0/16",
            "[2001:db8::]/32",
            "[2001:db8::1]",
            "[fe80::]/10",
            "172.16.5.5/32"));
    String c = all.get(r.nextInt(all.size()));
    return c.indexOf(':') >= 0 && !c.startsWith("[") ? "[" + c + "]" : c;
  }
}
