package dev.tcpwrap.it.agent.servers;

import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The TLS server socket of the SSL scenario: key store from {@code -Dit.keystore}, password
 * "changeit".
 */
final class Tls {

  private Tls() {}

  static ServerSocket serverSocket() throws Exception {
    char[] pass = "changeit".toCharArray();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(Path.of(System.getProperty("it.keystore")))) {
      ks.load(in, pass);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, pass);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    return ctx.getServerSocketFactory().createServerSocket();
  }
}
