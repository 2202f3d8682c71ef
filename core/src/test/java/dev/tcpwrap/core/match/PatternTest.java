package dev.tcpwrap.core.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.core.access.FileMatchEnvironment;
import dev.tcpwrap.core.diag.Diagnostics;
import dev.tcpwrap.core.diag.RuleError;
import dev.tcpwrap.core.request.Endpoint;
import dev.tcpwrap.core.request.Request;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One test per pattern form, on values (no sockets). */
class PatternTest {

  @TempDir Path dir;

  @ParameterizedTest(name = "{0} ~ {1} = {2}")
  @CsvSource({
    "*.example.com, good.example.com, true",
    "*.example.com, example.com, false",
    "*.EXAMPLE.com, good.eXample.COM, true",
    "good.example.co?, good.example.com, true",
    "?, '', false",
    "*, '', true",
    "a*b*c, aXbYc, true",
    "a*b*c, aXbY, false",
    "192.168.1.*, 192.168.1.10, true",
    "192.168.1.*, ::ffff:192.168.1.10, true",
    "[2001:db8::*], 2001:db8::10, false",
    ".example.com, good.example.com, true",
    ".example.com, example.com, false",
    ".10, 192.168.1.10, true",
    "192.168.1., 192.168.1.10, true",
    "192.168.1., 192.168.10.5, false",
    "192.168.1., 192.168.1, false",
    "good., good.example.com, true",
    "ALL, unknown, true",
    "KNOWN, unknown, false",
    "KNOWN, sshd, true",
    "[2001:DB8:0::10], 2001:db8::10, true",
    "[::ffff:192.168.1.10], ::ffff:192.168.1.10, false",
    "[2001:db8::/32], 2001:db8::10, false",
    "UNKNOWN, unknown, true",
    "10.0.0.010, 10.0.0.10, false",
  })
  void stringMatch(String token, String s, boolean expected) {
    assertThat(StringPattern.of(token).matches(s)).isEqualTo(expected);
  }

  @Test
  void hostileWildcardsTakeLinearTime() {
    String pattern = "*a".repeat(40) + "b";
    String name = "a".repeat(120);
    long start = System.nanoTime();
    assertThat(StringPattern.of(pattern).matches(name)).isFalse();
    // libwrap's backtracking would take longer than the age of the universe here
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @ParameterizedTest(name = "{0}/{1} ~ {2} = {3}")
  @CsvSource({
    "192.168.1.0, 24, 192.168.1.10, true",
    "192.168.1.5, 24, 192.168.1.5, false",
    "192.168.1.0, 255.255.255.0, ::ffff:192.168.1.10, true",
    "192.168.1.10, 255.255.255.255, 192.168.1.10, false",
    "192.168.1.10, 32, 192.168.1.10, true",
    "0.0.0.0, 0, 1.2.3.4, false",
    "0.0.0.0, 0.0.0.0, 1.2.3.4, true",
    "0.0.0.0, 0.0.0.0, 255.255.255.255, false",
    "10.0.0.0, 255.0.255.0, 10.7.0.9, true",
    "10.0.0.0, 8abc, 10.1.2.3, true",
    "10.0.0.010, 32, 10.0.0.8, true",
    "[2001:db8::1], 64, 2001:db8::10, true",
    "[2001:db8::], abc, 2001:dead::1, true",
    "[2001:db8::], 129, 2001:db8::1, false",
    "[::], 0, 10.0.0.1, false",
    "[::], 0, ::ffff:10.0.0.1, false",
    "1.2.3.0, 24, ::1.2.3.5, false",
  })
  void netMask(String net, String mask, String addr, boolean expected) {
    assertThat(NetMask.of(net, mask).matches(addr)).isEqualTo(expected);
  }

  private Evaluation eval(Request r, Path netgroup) {
    return new Evaluation(r, new FileMatchEnvironment(netgroup), Diagnostics.NONE);
  }

  private static Request request(String addr, String name) {
    return Request.ofStrings("sshd", Endpoint.ofStrings(addr, name, -1), Endpoint.unknown(), null);
  }

  @Test
  void netgroupsMatchHostNamesOnlyAndEmptyHostFieldsMatchEveryone() throws Exception {
    Path ng =
        Files.writeString(
            dir.resolve("netgroup"),
            "trusted (good.example.com,,) (127.0.0.1,,) more\nmore (nodots,,)\nusers (,root,)\n");
    HostPattern trusted = HostPattern.of("@trusted");
    assertThat(
            trusted.matches(
                request("192.168.1.10", "good.example.com").client(),
                eval(request("192.168.1.10", "good.example.com"), ng)))
        .isTrue();
    Request byAddress = request("127.0.0.1", null);
    assertThat(trusted.matches(byAddress.client(), eval(byAddress, ng))).isFalse();
    Request nested = request("192.168.1.70", "nodots");
    assertThat(trusted.matches(nested.client(), eval(nested, ng))).isTrue();
    Request upper = request("192.168.1.10", "good.example.com");
    assertThat(HostPattern.of("@TRUSTED").matches(upper.client(), eval(upper, ng))).isFalse();
    Request anyone = request("10.0.0.1", null);
    assertThat(HostPattern.of("@users").matches(anyone.client(), eval(anyone, ng))).isTrue();
  }

  @Test
  void patternFileThatIncludesItselfIsAnErrorNotACrash() throws Exception {
    // libwrap recurses until it crashes (default limits) and the connection is dropped
    Path loop = dir.resolve("loop");
    Files.writeString(loop, "10.9.9.9 " + loop + "\n");
    Request r = request("10.0.0.1", null);
    Evaluation ev = eval(r, dir.resolve("none"));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> HostPattern.of(loop.toString()).matches(r.client(), ev))
        .isInstanceOf(RuleError.class)
        .hasMessageContaining("includes itself");
  }

  @Test
  void knownAndLocalNeedAVerifiedName() throws RuleError {
    Request known = request("10.0.0.1", "host.example.com");
    Request paranoid = request("10.0.0.1", "paranoid");
    Request local = request("10.0.0.1", "nodots");
    Path none = dir.resolve("none");
    assertThat(HostPattern.of("KNOWN").matches(known.client(), eval(known, none))).isTrue();
    assertThat(HostPattern.of("KNOWN").matches(paranoid.client(), eval(paranoid, none))).isFalse();
    assertThat(HostPattern.of("LOCAL").matches(local.client(), eval(local, none))).isTrue();
    assertThat(HostPattern.of("LOCAL").matches(known.client(), eval(known, none))).isFalse();
    assertThat(HostPattern.of("LOCAL").matches(paranoid.client(), eval(paranoid, none))).isFalse();
  }
}
