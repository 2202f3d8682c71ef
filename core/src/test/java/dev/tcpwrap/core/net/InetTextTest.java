package dev.tcpwrap.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The C library's address and number parsers, reproduced: the values glibc gives. */
class InetTextTest {

  @ParameterizedTest(name = "inet_addr({0}) = {1}")
  @CsvSource({
    "10.0.0.1, 0a000001",
    "10.0.0.010, 0a000008", // octal part
    "0x0a.0.0.1, 0a000001", // hex part
    "10.1, 0a000001", // short form: last part fills the rest
    "10.0.0.08, ffffffff", // 08 is not octal
    "1.2.3.256, ffffffff",
    "255.255.255.255, ffffffff", // valid, but equal to INADDR_NONE
    "'', ffffffff",
    "+1.2.3.4, ffffffff",
    "1.2.3.4., ffffffff",
    "4294967295, ffffffff",
    "16909060, 01020304",
  })
  void inetAddr(String text, String hex) {
    assertThat(Long.toHexString(Inet4.inetAddr(text)))
        .isEqualTo(Long.toHexString(Long.parseLong(hex, 16)));
  }

  @ParameterizedTest(name = "dot_quad_addr({0}) = {1}")
  @CsvSource({
    "10.0.0.1, 0a000001",
    "10.1, ffffffff", // not four runs
    "::ffff:1.2.3.4, ffffffff", // four runs, but not an inet_addr form
    "1..2.3.4, ffffffff",
  })
  void dotQuadAddr(String text, String hex) {
    assertThat(Long.toHexString(Inet4.dotQuadAddr(text)))
        .isEqualTo(Long.toHexString(Long.parseLong(hex, 16)));
  }

  @ParameterizedTest(name = "inet_pton6({0})")
  @CsvSource({
    "::1, true",
    "::, true",
    "2001:db8::1, true",
    "2001:DB8:0::10, true",
    "::ffff:1.2.3.4, true",
    "1:2:3:4:5:6:7:8, true",
    "1:2:3:4:5:6:7::8, false",
    "2001:db8:100:200::212:34ff:fe12:3456, false",
    ":1::2, false",
    "1::2::3, false",
    "12345::, false",
    "::ffff:01.2.3.4, false",
    "::ffff:1.2.3, false",
    "1.2.3.4, false",
    "'', false",
    "fe80::1%1, false",
    "g::1, false",
  })
  void pton6(String text, boolean valid) {
    assertThat(Inet6.pton(text) != null).isEqualTo(valid);
  }

  @ParameterizedTest(name = "inet_ntop6({0}) = {1}")
  @CsvSource({
    "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
    "0:0:0:0:0:0:0:1, ::1",
    "0:0:0:0:0:0:0:0, ::",
    "0:0:0:0:0:ffff:102:304, ::ffff:1.2.3.4",
    "0:0:0:0:0:0:102:304, ::1.2.3.4",
    "1:0:0:2:0:0:0:3, 1:0:0:2::3",
    "1:0:2:0:3:0:4:0, 1:0:2:0:3:0:4:0",
    "1:0:0:2:0:0:3:4, 1::2:0:0:3:4",
    "2001:db8:0:0:1:0:0:0, 2001:db8:0:0:1::",
  })
  void ntop6(String in, String out) throws Exception {
    byte[] b = InetAddress.getByName(in).getAddress();
    if (b.length == 4) { // the JDK turns ::ffff:a.b.c.d into IPv4
      b = Inet6.pton(in);
    }
    assertThat(Inet6.format(b)).isEqualTo(out);
  }

  @ParameterizedTest(name = "atoi({0}) = {1}")
  @CsvSource({
    "8abc, 8",
    "abc, 0",
    "'', 0",
    "+8, 8",
    "-8, -8",
    "' 8', 8",
    "99999999999999999999, -1"
  })
  void atoi(String s, int v) {
    assertThat(CNumbers.atoi(s)).isEqualTo(v);
  }

  @ParameterizedTest(name = "sscanf({0}, %u%c) = {1}")
  @CsvSource({
    "22, 22",
    "+0, 0",
    "22x, -1",
    "'', -1",
    "65536, 65536",
    "-1, 4294967295",
    "4294967296, 0"
  })
  void scanUnsigned(String s, long v) {
    assertThat(CNumbers.scanUnsignedOnly(s)).isEqualTo(v);
  }
}
