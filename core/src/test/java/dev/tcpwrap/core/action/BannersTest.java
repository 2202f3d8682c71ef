package dev.tcpwrap.core.action;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.core.request.Endpoint;
import dev.tcpwrap.core.request.Request;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** banners: what tcpd's banners_option() writes (reference R14). */
class BannersTest {

  @TempDir Path dir;

  private final List<String> warnings = new ArrayList<>();

  private static Request request(String daemon, String clientName) {
    return Request.ofStrings(
        daemon,
        Endpoint.ofStrings("127.0.0.2", clientName, 4242),
        Endpoint.ofStrings("127.0.0.1", null, 22),
        null);
  }

  private byte[] render(String daemon, byte[] content) throws Exception {
    Files.write(dir.resolve(daemon), content);
    return Banners.render(dir, request(daemon, null), warnings::add);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void linesGetCrlfAndExpansionsAsTcpdSendsThem() throws Exception {
    // R14: "Hello %a via %d\nline2 $(id)\n" => "Hello 127.0.0.2 via fakedaemon\r\nline2 $(id)\r\n"
    byte[] out = render("fakedaemon", bytes("Hello %a via %d\nline2 $(id)\n"));
    assertThat(new String(out, StandardCharsets.ISO_8859_1))
        .isEqualTo("Hello 127.0.0.2 via fakedaemon\r\nline2 $(id)\r\n");
    assertThat(warnings).isEmpty();
  }

  @Test
  void aLastLineWithoutNewlineIsSentWithoutLineEnd() throws Exception {
    assertThat(render("sshd", bytes("one\n\ntwo"))).isEqualTo(bytes("one\r\n\r\ntwo"));
  }

  @Test
  void existingCrlfLinesGetAnotherCr() throws Exception {
    // libwrap only replaces the \n: a \r before it stays
    assertThat(render("sshd", bytes("dos\r\n"))).isEqualTo(bytes("dos\r\r\n"));
  }

  @Test
  void leadingNulBytesAreSentRaw() throws Exception {
    assertThat(render("telnetd", bytes("\0\0\0Hi %d\n"))).isEqualTo(bytes("\0\0\0Hi telnetd\r\n"));
  }

  @Test
  void aNulInsideALineEndsItWithoutLineEnd() throws Exception {
    assertThat(render("sshd", bytes("ab\0cd\nnext\n"))).isEqualTo(bytes("abnext\r\n"));
  }

  @Test
  void expansionsAreShellSafeAndBytesPassThrough() throws Exception {
    Files.write(dir.resolve("sshd"), bytes("name=%n caf\u00e9 100% %%\n"));
    byte[] out = Banners.render(dir, request("sshd", "$(reboot)`id`"), warnings::add);
    assertThat(out).isEqualTo(bytes("name=__reboot__id_ caf\u00e9 100%\r\n"));
    assertThat(warnings).containsExactly("unrecognized % ");
  }

  @Test
  void aMissingFileSendsNothingSilently() {
    assertThat(Banners.render(dir, request("ftpd", null), warnings::add)).isEmpty();
    assertThat(warnings).isEmpty();
  }

  @Test
  void aMissingDirectoryIsAWarning() {
    Path missing = dir.resolve("nope");
    assertThat(Banners.render(missing, request("sshd", null), warnings::add)).isEmpty();
    assertThat(warnings).containsExactly(missing + ": No such file or directory");
  }

  @Test
  void aDaemonNameCannotLeaveTheDirectory() throws Exception {
    Path banners = Files.createDirectory(dir.resolve("banners"));
    Files.writeString(dir.resolve("secret"), "secret\n");
    Files.createDirectory(banners.resolve("sub"));
    Files.writeString(banners.resolve("sub").resolve("x"), "sub\n");

    assertThat(Banners.render(banners, request("../secret", null), warnings::add)).isEmpty();
    assertThat(Banners.render(banners, request("sub/x", null), warnings::add)).isEmpty();
    assertThat(Banners.render(banners, request("..", null), warnings::add)).isEmpty();
    assertThat(warnings).hasSize(3).allMatch(w -> w.startsWith(banners + ": banner for daemon \""));
    assertThat(warnings.get(0)).contains("\"../secret\"");
  }

  @Test
  void aDirectoryNamedLikeTheDaemonSendsNothing() throws Exception {
    Files.createDirectory(dir.resolve("sshd"));
    assertThat(Banners.render(dir, request("sshd", null), warnings::add)).isEmpty();
    assertThat(warnings).isEmpty();
  }

  @Test
  void theSizeIsCapped() throws Exception {
    byte[] line = bytes("x".repeat(99) + "\n");
    byte[] big = new byte[line.length * 1000];
    for (int i = 0; i < 1000; i++) {
      System.arraycopy(line, 0, big, i * line.length, line.length);
    }
    byte[] out = render("sshd", big);
    assertThat(out).hasSize(Banners.MAX_BYTES);
    assertThat(Arrays.copyOf(out, 101)).isEqualTo(bytes("x".repeat(99) + "\r\n"));
    assertThat(warnings).containsExactly(dir.resolve("sshd") + ": banner cut to 65536 bytes");
  }
}
