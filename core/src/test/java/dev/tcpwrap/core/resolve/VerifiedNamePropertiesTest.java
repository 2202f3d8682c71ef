package dev.tcpwrap.core.resolve;

import static dev.tcpwrap.core.resolve.FakeNameService.ip;
import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The rule index relies on it: whatever a PTR record says, a verified name is never a numeric
 * address.
 */
class VerifiedNamePropertiesTest {

  @Property(tries = 300)
  void aVerifiedNameIsNeverNumeric(@ForAll("ptrNames") String ptrName) {
    FakeNameService agreeing = new FakeNameService();
    agreeing
        .ptr("192.0.2.80", ptrName)
        .ptr("2001:db8::80", ptrName)
        .forward(ptrName, ptrName, "192.0.2.80")
        .forward(ptrName, ptrName, "2001:db8::80");
    NameVerifier v = new NameVerifier(agreeing);
    for (String a : new String[] {"192.0.2.80", "2001:db8::80"}) {
      HostName h = v.verify(ip(a));
      if (h.isKnown()) {
        assertThat(NumericHost.isNumericAnyFamily(h.name())).as(h.name()).isFalse();
      }
    }
  }

  @Provide
  Arbitrary<String> ptrNames() {
    return Arbitraries.strings().withChars("0123456789.:abcdefx%").ofMinLength(1).ofMaxLength(20);
  }
}
