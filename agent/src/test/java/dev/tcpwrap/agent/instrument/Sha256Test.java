package dev.tcpwrap.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Sha256Test {

  @Test
  void agreesWithMessageDigest() throws Exception {
    Random r = new Random(42);
    for (int n = 0; n < 300; n++) {
      byte[] d = new byte[n];
      r.nextBytes(d);
      assertThat(Sha256.hash(d))
          .as("length %d", n)
          .isEqualTo(MessageDigest.getInstance("SHA-256").digest(d));
    }
    byte[] big = new byte[100_003];
    r.nextBytes(big);
    assertThat(Sha256.hash(big)).isEqualTo(MessageDigest.getInstance("SHA-256").digest(big));
  }

  @Test
  void partsAreConcatenated() throws Exception {
    byte[] a = "hello ".getBytes();
    byte[] b = "world".getBytes();
    assertThat(Sha256.hash(a, b))
        .isEqualTo(MessageDigest.getInstance("SHA-256").digest("hello world".getBytes()));
    assertThat(TransformCache.hex(Sha256.hash()))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }
}
