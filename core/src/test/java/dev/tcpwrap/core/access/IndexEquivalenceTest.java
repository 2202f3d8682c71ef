package dev.tcpwrap.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.core.request.Endpoint;
import dev.tcpwrap.core.request.Request;
import dev.tcpwrap.core.resolve.HostResolver;
import dev.tcpwrap.core.rules.RuleTable;
import dev.tcpwrap.core.rules.RuleTableLoader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The address index is only a pre-filter: for any table and any client, the indexed engine must
 * give the verdict and deciding rule of a top-to-bottom scan.
 */
class IndexEquivalenceTest {

  private static final List<String> V4 =
      List.of(
          "10.0.0.1",
          "10.0.0.2",
          "10.1.2.3",
          "192.168.1.10",
          "192.168.1.200",
          "172.16.5.4",
          "127.0.0.1",
          "127.0.0.2",
          "255.255.255.255",
          "0.0.0.0");
  private static final List<String> V6 =
      List.of(
          "2001:db8::1",
          "2001:db8::10",
          "2001:db8:1::1",
          "fe80::1",
          "::1",
          "2001:dead::1",
          "::ffff:10.0.0.1",
          "::ffff:192.168.1.10",
          "::",
          "::1.2.3.4");

  @Provide
  Arbitrary<String> token() {
    Arbitrary<String> v4 = Arbitraries.of(V4);
    Arbitrary<String> v6 = Arbitraries.of(V6);
    Arbitrary<Integer> len4 = Arbitraries.integers().between(0, 33);
    Arbitrary<Integer> len6 = Arbitraries.integers().between(0, 130);
    return Arbitraries.oneOf(
        v4,
        v4.map(a -> a.substring(0, a.lastIndexOf('.') + 1)),
        v4.map(a -> a.substring(0, a.indexOf('.') + 1)),
        Combinators.combine(v4, len4).as((a, l) -> a + "/" + l),
        Combinators.combine(v4, len4).as((a, l) -> a.substring(0, a.lastIndexOf('.')) + ".0/" + l),
        Arbitraries.of(
            "10.0.0.0/255.0.0.0",
            "10.0.0.0/255.0.255.0",
            "0.0.0.0/0.0.0.0",
            "10.0.0.010/32",
            "192.168.1.0/255.255.255.0",
            "010.0.0.1",
            "10.0.0.",
            "10.0.0.1.",
            "1.2.3"),
        v6.map(a -> "[" + a + "]"),
        Combinators.combine(v6, len6).as((a, l) -> "[" + a + "]/" + l),
        Arbitraries.of(
            "[2001:db8::]/32",
            "[2001:db8::/32]",
            "[::]/0",
            "[2001:db8::]/abc",
            "[::ffff:10.0.0.0]/104"),
        Arbitraries.of(
            "ALL",
            "LOCAL",
            "KNOWN",
            "UNKNOWN",
            "PARANOID",
            ".example.com",
            "good.",
            "EXCEPT",
            "10.0.0.*",
            "root@10.0.0.1",
            "KNOWN@ALL",
            ".1",
            "*"));
  }

  @Provide
  Arbitrary<String> rule() {
    Arbitrary<String> daemons =
        Arbitraries.of("ALL", "sshd", "ftpd", "ALL EXCEPT ftpd", "ssh*", "22");
    Arbitrary<String> clients =
        token().list().ofMinSize(0).ofMaxSize(5).map(l -> String.join(" ", l));
    Arbitrary<String> opts = Arbitraries.of("", "", "", ": allow", ": deny", ": frob", ":");
    return Combinators.combine(daemons, clients, opts).as((d, c, o) -> d + ": " + c + o);
  }

  @Property(tries = 400)
  void indexedEqualsLinear(
      @ForAll("tables") List<String> allowRules, @ForAll("tables") List<String> denyRules) {
    AccessControl indexed = engine(allowRules, denyRules, true);
    AccessControl linear = engine(allowRules, denyRules, false);
    for (String daemon : List.of("sshd", "ftpd")) {
      for (String c : clients()) {
        for (String name : new String[] {null, "good.example.com", "nodots", "paranoid"}) {
          Verdict a = indexed.decide(request(daemon, c, name));
          Verdict b = linear.decide(request(daemon, c, name));
          assertThat(a.granted() + " " + a.ruleRef())
              .as("%s %s %s\nallow:\n%s\ndeny:\n%s", daemon, c, name, allowRules, denyRules)
              .isEqualTo(b.granted() + " " + b.ruleRef());
        }
      }
    }
  }

  /**
   * {@link AccessControl#decideAddress} either answers exactly as the ordinary decision does for a
   * socket request (any listener family, any resolver answer: it must only answer where neither
   * matters), or defers.
   */
  @Property(tries = 400)
  void addressDecisionEqualsLinear(
      @ForAll("tables") List<String> allowRules, @ForAll("tables") List<String> denyRules)
      throws Exception {
    AccessControl indexed = engine(allowRules, denyRules, true);
    AccessControl linear = engine(allowRules, denyRules, false);
    for (String daemon : List.of("sshd", "ftpd")) {
      for (String c : clients()) {
        InetAddress client = InetAddress.getByName(c);
        AddressVerdict quick = indexed.decideAddress(daemon, client);
        if (quick == null) {
          continue;
        }
        answered++;
        for (String name : new String[] {null, "good.example.com", "nodots", "paranoid"}) {
          for (boolean dualStack : new boolean[] {false, true}) {
            Verdict v =
                linear.decide(
                    Request.forConnection(
                        daemon,
                        new InetSocketAddress(client, 5555),
                        new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 22),
                        dualStack,
                        resolver(name),
                        () -> "someone"));
            assertThat(quick.granted() + " " + quick.ruleRef() + " " + quick.reason())
                .as(
                    "%s %s name %s dual-stack %s\nallow:\n%s\ndeny:\n%s",
                    daemon, c, name, dualStack, allowRules, denyRules)
                .isEqualTo(v.granted() + " " + v.ruleRef() + " " + v.reason());
            assertThat(v.options())
                .as("options left to carry out")
                .allMatch(
                    o ->
                        o.kind() == dev.tcpwrap.core.options.OptionKind.ALLOW
                            || o.kind() == dev.tcpwrap.core.options.OptionKind.DENY);
          }
        }
      }
    }
  }

  private static int answered;

  @net.jqwik.api.lifecycle.AfterContainer
  static void addressDecisionsWereExercised() {
    // the property above proves nothing if the address path always defers
    assertThat(answered).as("decisions answered by decideAddress").isGreaterThan(1000);
  }

  private static HostResolver resolver(String name) {
    if (name == null) {
      return a -> dev.tcpwrap.core.resolve.HostName.UNKNOWN;
    }
    if (name.equals("paranoid")) {
      return a -> dev.tcpwrap.core.resolve.HostName.paranoid("host name/address mismatch");
    }
    return a -> dev.tcpwrap.core.resolve.HostName.known(name);
  }

  @Test
  void addressDecisionsNeedNoObjectsAndDeferWhenMoreIsNeeded() throws Exception {
    String allow =
        "sshd: 10.0.0.0/8 EXCEPT 10.0.0.2\nsshd: 10.0.0.2: deny\nALL: [2001:db8::]/32\n"
            + "sshd@127.0.0.1: 192.168.0.0/16\nsshd: 172.16.0.1: spawn echo\nsshd: .example.com\nsshd: 10.0.0.3\n";
    RuleTable a =
        RuleTableLoader.parse(
            "hosts.allow", RuleTable.Role.ALLOW, allow.getBytes(StandardCharsets.US_ASCII));
    RuleTable d =
        RuleTableLoader.parse(
            "hosts.deny", RuleTable.Role.DENY, "ALL: ALL\n".getBytes(StandardCharsets.US_ASCII));
    AccessControl ac = AccessControl.of(a, d, FileMatchEnvironment.system());
    assertThat(ac.decideAddress("sshd", InetAddress.getByName("10.0.0.1")).ruleRef())
        .isEqualTo("hosts.allow:1");
    AddressVerdict two = ac.decideAddress("sshd", InetAddress.getByName("10.0.0.2"));
    assertThat(two.granted()).isFalse();
    assertThat(two.ruleRef()).isEqualTo("hosts.allow:2");
    assertThat(ac.decideAddress("sshd", InetAddress.getByName("2001:db8::5")).ruleRef())
        .isEqualTo("hosts.allow:3");
    // 11.0.0.1 reaches the name rule on line 6 before hosts.deny: its host name decides
    assertThat(ac.decideAddress("sshd", InetAddress.getByName("11.0.0.1"))).isNull();
    // a daemon the name rule is not for falls through to hosts.deny
    AddressVerdict ftp = ac.decideAddress("ftpd", InetAddress.getByName("11.0.0.1"));
    assertThat(ftp.granted()).isFalse();
    assertThat(ftp.ruleRef()).isEqualTo("hosts.deny:1");
    // the server endpoint decides line 4 for its clients; line 5's spawn has to be carried out
    assertThat(ac.decideAddress("ftpd", InetAddress.getByName("192.168.1.1")).ruleRef())
        .isEqualTo("hosts.deny:1");
    assertThat(ac.decideAddress("sshd", InetAddress.getByName("192.168.1.1"))).isNull();
    assertThat(ac.decideAddress("ftpd", InetAddress.getByName("172.16.0.1")).ruleRef())
        .isEqualTo("hosts.deny:1");
    assertThat(ac.decideAddress("sshd", InetAddress.getByName("172.16.0.1"))).isNull();
    // libwrap cannot tell 255.255.255.255 from an inet_addr() error; scoped addresses keep their
    // scope text
    assertThat(ac.decideAddress("ftpd", InetAddress.getByName("255.255.255.255"))).isNull();
    assertThat(ac.decideAddress("ftpd", InetAddress.getByName("fe80::1%1"))).isNull();
    // the linear engine has no index to answer from
    assertThat(
            AccessControl.linear(a, d, FileMatchEnvironment.system())
                .decideAddress("ftpd", InetAddress.getByName("10.0.0.1")))
        .isNull();
  }

  @Provide
  Arbitrary<List<String>> tables() {
    return rule().list().ofMinSize(0).ofMaxSize(8);
  }

  private static List<String> clients() {
    return java.util.stream.Stream.concat(V4.stream(), V6.stream()).toList();
  }

  private static Request request(String daemon, String client, String name) {
    return Request.ofStrings(
        daemon, Endpoint.ofStrings(client, name, -1), Endpoint.ofStrings(null, null, 22), null);
  }

  private static AccessControl engine(
      List<String> allowRules, List<String> denyRules, boolean indexed) {
    RuleTable allow = RuleTableLoader.parse("hosts.allow", RuleTable.Role.ALLOW, text(allowRules));
    RuleTable deny = RuleTableLoader.parse("hosts.deny", RuleTable.Role.DENY, text(denyRules));
    return indexed
        ? AccessControl.of(allow, deny, FileMatchEnvironment.system())
        : AccessControl.linear(allow, deny, FileMatchEnvironment.system());
  }

  private static byte[] text(List<String> rules) {
    return (String.join("\n", rules) + (rules.isEmpty() ? "" : "\n"))
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void socketRequestsUseTheIndexAndKeepFirstMatchOrder() throws Exception {
    String allow =
        "sshd: 10.0.0.0/8 EXCEPT 10.0.0.2\nsshd: 10.0.0.2: deny\nALL: [2001:db8::]/32\nsshd: 10.0.0.2\n";
    RuleTable a =
        RuleTableLoader.parse(
            "hosts.allow", RuleTable.Role.ALLOW, allow.getBytes(StandardCharsets.US_ASCII));
    RuleTable d =
        RuleTableLoader.parse(
            "hosts.deny", RuleTable.Role.DENY, "ALL: ALL\n".getBytes(StandardCharsets.US_ASCII));
    AccessControl ac = AccessControl.of(a, d, FileMatchEnvironment.system());
    assertThat(decide(ac, "10.0.0.1").ruleRef()).isEqualTo("hosts.allow:1");
    Verdict two = decide(ac, "10.0.0.2");
    assertThat(two.granted()).isFalse();
    assertThat(two.ruleRef()).isEqualTo("hosts.allow:2");
    assertThat(decide(ac, "2001:db8::5").ruleRef()).isEqualTo("hosts.allow:3");
    assertThat(decide(ac, "11.0.0.1").ruleRef()).isEqualTo("hosts.deny:1");
  }

  private static Verdict decide(AccessControl ac, String client) throws Exception {
    return ac.decide(
        Request.forConnection(
            "sshd",
            new InetSocketAddress(InetAddress.getByName(client), 5555),
            new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 22),
            HostResolver.NONE));
  }
}
