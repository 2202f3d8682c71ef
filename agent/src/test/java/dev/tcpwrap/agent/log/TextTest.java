package dev.tcpwrap.agent.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextTest {

  @Test
  void escapesControlCharacters() {
    assertThat(Text.escape("host.example")).isEqualTo("host.example");
    assertThat(Text.escape("evil\nsshd[1]: connect from x"))
        .isEqualTo("evil\\x0asshd[1]: connect from x");
    assertThat(Text.escape("a\u001b[31mb\u007f\u0085")).isEqualTo("a\\x1b[31mb\\x7f\\x85");
    assertThat(Text.escape("back\\slash")).isEqualTo("back\\\\slash");
    assertThat(Text.escape("line\u2028sep")).isEqualTo("line\\u2028sep");
    assertThat(Text.escape("ünïcode")).isEqualTo("ünïcode");
    assertThat(Text.escape(null)).isEqualTo("null");
  }
}
