package dev.tcpwrap.it.agent;

import dev.tcpwrap.it.agent.harness.Jdk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A self-signed PKCS12 key store for the TLS server, made with the current JDK's keytool. */
public final class Keystore {

  private Keystore() {}

  public static Path path(Path dir) {
    return dir.resolve("server.p12");
  }

  public static synchronized Path ensure(Path dir) throws Exception {
    Path ks = path(dir);
    if (Files.exists(ks)) {
      return ks;
    }
    Path keytool = Jdk.of(Path.of(System.getProperty("java.home"))).keytool();
    Process p =
        new ProcessBuilder(
                keytool.toString(),
                "-genkeypair",
                "-keystore",
                ks.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                "changeit",
                "-keypass",
                "changeit",
                "-alias",
                "server",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost",
                "-validity",
                "2")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + out);
    }
    return ks;
  }
}
