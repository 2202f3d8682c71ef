package dev.tcpwrap.core.options;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** process_options(): field splitting, name/value split and libwrap's error messages. */
class OptionParserTest {

  // {N} stands for the rule's final newline, which libwrap's option field still contains
  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        " deny{N}| deny| ",
        " DENY{N}| DENY| ",
        " allow{N}| allow| ",
        "{N}| | missing option name",
        " {N}| | missing option name",
        " deny: spawn x{N}| | option \"deny\" must be at end",
        " deny:{N}| | option \"deny\" must be at end",
        " frobnicate{N}| | bad option name: \"frobnicate\"",
        " spawn{N}| | option \"spawn\" requires value",
        " keepalive 5{N}| | option \"keepalive\" requires no value",
        " severity bogus{N}| | bad syslog facility or severity: \"bogus\"",
        " severity local3.notice{N}| severity local3.notice| ",
        " severity=warning{N}| severity warning| ",
        " severity = warning{N}| severity warning| ",
        " severity bogus.info{N}| | bad syslog facility or severity: \"bogus\"",
        " linger -1{N}| | bad linger value: \"-1\"",
        " linger 5{N}| linger 5| ",
        " umask 0888{N}| | bad umask value: \"0888\"",
        " umask 077{N}| umask 077| ",
        " nice{N}| nice| ",
        " nice x{N}| | bad nice value: \"x\"",
        " rfc931 0{N}| | bad rfc931 timeout: \"0\"",
        " rfc931{N}| rfc931| ",
        " spawn echo %a \\: x: ALLOW{N}| spawn echo %a : x,ALLOW| ",
        " db8::1{N}| | bad option name: \"db8\"",
        " spawn a: frob: allow{N}| spawn a| bad option name: \"frob\"",
      })
  void parsesAsLibwrap(String field, String options, String error) {
    OptionList ol = OptionParser.parse(field.replace("{N}", "\n"));
    String shown = String.join(",", ol.options().stream().map(o -> o.toString().strip()).toList());
    assertThat(shown).isEqualTo(options == null ? "" : options);
    assertThat(ol.error()).isEqualTo(error);
  }
}
