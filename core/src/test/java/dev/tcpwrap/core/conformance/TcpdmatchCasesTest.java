package dev.tcpwrap.core.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.core.access.AccessControl;
import dev.tcpwrap.core.tools.BatchMatch;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the cases verified against Debian's real tcpdmatch, tcpd and hosts_ctl (reference §5),
 * each through the indexed engine, and again through a plain top-to-bottom scan.
 */
class TcpdmatchCasesTest {

  @TempDir static Path dir;

  record Case(String id, String allow, String deny, String request, String expected, int port) {
    @Override
    public String toString() {
      return id + ": " + request;
    }
  }

  static Stream<Case> cases() throws IOException {
    List<Case> out = new ArrayList<>();
    try (InputStream in =
        TcpdmatchCasesTest.class.getResourceAsStream("/conformance/tcpdmatch-cases.txt")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\\|", -1);
        int port = f.length > 5 ? Integer.parseInt(f[5].trim()) : -1;
        out.add(
            new Case(f[0].trim(), unescape(f[1]), unescape(f[2]), f[3].trim(), f[4].trim(), port));
      }
    }
    return out.stream();
  }

  /** Cell text: one blank of padding on each side is dropped, escapes resolved. */
  private static String unescape(String cell) {
    String c = cell.startsWith(" ") ? cell.substring(1) : cell;
    c = c.endsWith(" ") ? c.substring(0, c.length() - 1) : c;
    if (c.equals("<absent>")) {
      return null;
    }
    if (c.equals("<empty>")) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < c.length(); i++) {
      char ch = c.charAt(i);
      if (ch == '\\' && i + 1 < c.length()) {
        char n = c.charAt(++i);
        sb.append(n == 'n' ? '\n' : n == 'r' ? '\r' : n);
      } else {
        sb.append(ch);
      }
    }
    return sb.toString();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decidesAsDebian(Case c) throws IOException {
    Files.writeString(
        dir.resolve("list"),
        "# nodots is a comment here\n10.0.0.1 10.0.0.2\n  .evil.example.com 172.16.\n"
            + dir.resolve("nested")
            + "\n");
    Files.writeString(dir.resolve("nested"), "10.9.9.9\n");
    Path caseDir = Files.createDirectories(dir.resolve(c.id()));
    Path allow = write(caseDir.resolve("hosts.allow"), c.allow());
    Path deny = write(caseDir.resolve("hosts.deny"), c.deny());

    AccessControl indexed = AccessControl.load(allow, deny);
    AccessControl linear =
        AccessControl.linear(
            indexed.allowTable(),
            indexed.denyTable(),
            dev.tcpwrap.core.access.FileMatchEnvironment.system());

    assertThat(new BatchMatch(indexed, c.port()).decide(c.request()))
        .as("indexed")
        .isEqualTo(c.expected());
    assertThat(new BatchMatch(linear, c.port()).decide(c.request()))
        .as("linear")
        .isEqualTo(c.expected());
  }

  private static Path write(Path p, String content) throws IOException {
    if (content != null) {
      Files.write(
          p, content.replace("@DIR@", dir.toString()).getBytes(StandardCharsets.ISO_8859_1));
    }
    return p;
  }
}
