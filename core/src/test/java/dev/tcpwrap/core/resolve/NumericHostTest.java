package dev.tcpwrap.core.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NumericHostTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1.2.3.4",
        "1.2.3",
        "1.2",
        "10",
        "0x0a.0.0.1",
        "010.0.0.1",
        "0X0A.0.0.1",
        "255.255.255.255",
        "4294967295",
        "0xffffffff",
        "1.65535",
        "1.2.65535",
        "0"
      })
  void inet4Forms(String s) {
    assertThat(NumericHost.isNumeric(s, AddressFamily.INET)).isTrue();
    assertThat(NumericHost.isNumericAnyFamily(s)).isTrue();
    assertThat(NumericHost.isNumeric(s, AddressFamily.INET6)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1.2.3.4.5",
        "256.1.1.1",
        "1.2.3.256",
        "1.2.65536",
        "4294967296",
        "08",
        "09.1.1.1",
        "host",
        "",
        "1..2",
        "1.2.3.4.",
        ".1.2.3",
        " 1.2.3.4",
        "1.2.3.4 ",
        "1.2.3.4x",
        "0x1g",
        "host.example.com",
        "\u0661.2.3.4"
      })
  void notInet4(String s) {
    assertThat(NumericHost.isNumeric(s, AddressFamily.INET)).as(s).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"::1", "::", "2001:db8::1", "::ffff:1.2.3.4", "fe80::1%1", "2001:DB8::A"})
  void inet6Forms(String s) {
    assertThat(NumericHost.isNumeric(s, AddressFamily.INET6)).isTrue();
    assertThat(NumericHost.isNumeric(s, AddressFamily.INET)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {":::1", "2001:db8::g", "[::1]", "1:2:3:4:5:6:7:8:9", "host"})
  void notInet6(String s) {
    assertThat(NumericHost.isNumeric(s, AddressFamily.INET6)).isFalse();
  }
}
