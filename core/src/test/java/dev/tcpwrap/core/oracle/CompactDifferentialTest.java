package dev.tcpwrap.core.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.core.access.AccessControl;
import dev.tcpwrap.core.access.AddressVerdict;
import dev.tcpwrap.core.rules.PackedEntries;
import dev.tcpwrap.core.rules.RuleTable;
import dev.tcpwrap.core.rules.RuleTableLoader;
import dev.tcpwrap.core.tools.BatchMatch;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The compact form against the real libwrap: blocklist-shaped tables (mostly lines the fast path
 * keeps compact, with their near misses and a few rules with options), addresses drawn from a small
 * space so that requests hit them, decided by libwrap's {@code hosts_access()} ({@link
 * LibwrapOracle}) and by the engine as the agent loads the files: by daemon name and address
 * ({@code decideAddress}, the agent's way) where that answers, else the ordinary way. {@link
 * LibwrapDifferentialTest}'s generator aims at the language's corners, where few lines are compact;
 * this one aims at blocklists. Fixed seed.
 */
class CompactDifferentialTest {

  private static final String[] DAEMONS = {
    "ALL", "ALL", "ALL", "sshd", "sshd", "ftpd", "sshd,ftpd", "ALL EXCEPT ftpd", "in.*"
  };

  private static final String[] NEAR_MISSES = {
    "010.0.1.1",
    "10.0.1.5/24",
    "10.0.2.7/24",
    "10.0.1.0/255.255.255.0",
    "10.0.1.1: deny",
    "10.0.1.1: allow",
    "10.0.1.1 10.0.2.2",
    "10.0.3.0/24 EXCEPT 10.0.3.1",
    "[2001:db8::1]/0128",
    "10.0.1.0/024",
    "[2001:db8::1%1]",
    "10.0.1.1.",
    "[2001:db8::3]/120"
  };

  @Test
  void compactTablesAgreeWithLibwrap() throws Exception {
    LibwrapOracle oracle = LibwrapOracle.compile();
    Path work = oracle.executable().getParent().resolve("work-compact");
    Files.createDirectories(work);
    Random rnd = new Random(0x10_2026_1203L);
    int cases = 0;
    int compact = 0;
    int rules = 0;
    int byAddress = 0;
    List<String> disagreements = new ArrayList<>();
    for (int s = 0; s < 120; s++) {
      Path allow = work.resolve("allow" + s);
      Path deny = work.resolve("deny" + s);
      Files.writeString(allow, table(rnd, rnd.nextInt(6)), StandardCharsets.ISO_8859_1);
      Files.writeString(deny, table(rnd, 5 + rnd.nextInt(40)), StandardCharsets.ISO_8859_1);
      for (Path p : List.of(allow, deny)) {
        RuleTable t = RuleTableLoader.parse("t", RuleTable.Role.DENY, Files.readAllBytes(p));
        compact += ((PackedEntries) t.entries()).compactCount();
        rules += t.ruleCount();
      }
      List<String> requests = new ArrayList<>();
      for (int k = 0; k < 25; k++) {
        String daemon = new String[] {"sshd", "ftpd", "in.telnetd"}[rnd.nextInt(3)];
        requests.add(daemon + " " + clientAddress(rnd));
      }
      List<String> expected = oracle.run(allow, deny, -1, requests, work);
      AccessControl access = AccessControl.load(allow, deny);
      BatchMatch engine = new BatchMatch(access, -1);
      for (int k = 0; k < requests.size(); k++) {
        cases++;
        String actual = engine.decide(requests.get(k));
        // the agent's way first: by daemon name and address, where it answers
        String[] request = requests.get(k).split(" ");
        AddressVerdict quick = access.decideAddress(request[0], InetAddress.getByName(request[1]));
        if (quick != null) {
          byAddress++;
          actual = (quick.granted() ? "granted " : "denied ") + quick.ruleRef();
        }
        if (!expected.get(k).equals(actual)) {
          disagreements.add(
              requests.get(k)
                  + ": libwrap "
                  + expected.get(k)
                  + ", engine "
                  + actual
                  + "\nallow:\n"
                  + Files.readString(allow, StandardCharsets.ISO_8859_1)
                  + "deny:\n"
                  + Files.readString(deny, StandardCharsets.ISO_8859_1));
        }
      }
    }
    System.out.printf(
        "[compact differential] %d cases (%d decided by address), %d of %d rules compact,"
            + " %d disagreements%n",
        cases, byAddress, compact, rules, disagreements.size());
    assertThat(disagreements).as("disagreements with libwrap").isEmpty();
    // it tests the compact form only if most rules take it
    assertThat(compact).isGreaterThan(rules * 7 / 10);
    assertThat(byAddress).isGreaterThan(cases / 2);
  }

  private static String table(Random rnd, int lines) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < lines; i++) {
      String daemon = DAEMONS[rnd.nextInt(DAEMONS.length)];
      String client =
          rnd.nextInt(8) == 0 ? NEAR_MISSES[rnd.nextInt(NEAR_MISSES.length)] : token(rnd);
      sb.append(daemon).append(rnd.nextInt(5) == 0 ? ":\t" : ": ").append(client).append('\n');
    }
    return sb.toString();
  }

  /**
   * A compact client token over the address space the requests are drawn from; sparse enough that
   * most requests reach lines far down a table (networks that cover much of it are rare).
   */
  private static String token(Random rnd) {
    int a = rnd.nextInt(8);
    int b = rnd.nextInt(12);
    int kind = rnd.nextInt(40);
    if (kind < 24) {
      return "10.0." + a + "." + b;
    }
    if (kind < 28) {
      return "10.0." + a + ".0/24";
    }
    if (kind < 31) {
      return "10.0." + a + ".";
    }
    if (kind < 32) {
      return "10.0.0.0/16";
    }
    if (kind < 38) {
      return "[2001:db8::" + b + "]";
    }
    return "[2001:db8:0:" + a + "::]/64";
  }

  private static String clientAddress(Random rnd) {
    int a = rnd.nextInt(8);
    int b = rnd.nextInt(12);
    return switch (rnd.nextInt(5)) {
      case 0 -> "2001:db8::" + b;
      case 1 -> "2001:db8:0:" + a + "::" + b;
      default -> "10.0." + a + "." + b;
    };
  }
}
