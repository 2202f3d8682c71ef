package dev.tcpwrap.core.options;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpwrap.core.request.Endpoint;
import dev.tcpwrap.core.request.Request;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** % expansions and tcpd's shell-safety rule. */
class PercentExpansionTest {

  private final List<String> warnings = new ArrayList<>();

  private String expand(String text, Request r) {
    return PercentExpansion.expand(text, r, warnings::add);
  }

  private static Request request(String clientAddr, String clientName, String user) {
    return Request.ofStrings(
        "sshd",
        Endpoint.ofStrings(clientAddr, clientName, 4242),
        Endpoint.ofStrings("10.0.0.1", null, 22),
        user);
  }

  @Test
  void expandsEverySequence() {
    Request r = request("192.168.1.10", "good.example.com", "bob");
    assertThat(expand("a=%a A=%A d=%d n=%n N=%N u=%u r=%r R=%R pct=%%", r))
        .isEqualTo(
            "a=192.168.1.10 A=10.0.0.1 d=sshd n=good.example.com N=unknown u=bob r=4242 R=22 pct=%");
    assertThat(expand("c=%c s=%s h=%h H=%H", r))
        .isEqualTo("c=bob@good.example.com s=sshd@10.0.0.1 h=good.example.com H=10.0.0.1");
    assertThat(expand("%p", r)).isEqualTo(Long.toString(ProcessHandle.current().pid()));
    assertThat(warnings).isEmpty();
  }

  @Test
  void unknownSequenceIsEmptyWithAWarningAndTrailingPercentIsLiteral() {
    assertThat(expand("echo 100% done %z end%", request("10.0.0.1", null, null)))
        .isEqualTo("echo 100done  end%");
    assertThat(warnings).containsExactly("unrecognized % ", "unrecognized %z");
  }

  @Test
  void replacesUnsafeCharactersOfExpansionsOnly() {
    String hostile = " !\"#$%&'()*+,-./0123456789:;<=>?@AZ[\\]^_`az{|}~";
    Request r = request("10.0.0.1", null, hostile);
    assertThat(expand("$(id) %u", r))
        .isEqualTo("$(id) _!___%_____+,-./0123456789:__=__@AZ______az____");
  }

  @Test
  void controlCharactersAndNonAsciiBecomeUnderscores() {
    Request r = request("10.0.0.1", "evil\n\u00e9.example.com", null);
    assertThat(expand("%n", r)).isEqualTo("evil__.example.com");
  }
}
