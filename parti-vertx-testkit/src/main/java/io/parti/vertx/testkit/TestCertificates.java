package io.parti.vertx.testkit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away certificate authority for TLS tests, made with the JDK's {@code keytool} (no OpenSSL needed): a CA, a
 * server certificate for {@code 127.0.0.1}, and a client certificate with a subject of the caller's, for mutual TLS.
 * The server side is PEM files for nats-server's {@code tls} block ({@link #serverTlsBlock}); the client side is a
 * ready {@link SSLContext} for jnats ({@code Options.builder().sslContext(...)}). Valid for two days.
 */
public final class TestCertificates {

  private static final String PASSWORD = "parti-test";
  private static final String KEYTOOL = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();

  private final Path dir;
  private final String clientSubject;

  private TestCertificates(Path dir, String clientSubject) {
    this.dir = dir;
    this.clientSubject = clientSubject;
  }

  /**
   * Creates the CA and both certificates in a new temporary directory.
   *
   * @param clientCommonName the client certificate's CN: its subject is {@code CN=<clientCommonName>}, which a server
   *                         with {@code verify_and_map} takes for the user name
   */
  public static TestCertificates create(String clientCommonName) {
    try {
      Path dir = Files.createTempDirectory("parti-tls-");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          TempDirs.deleteRecursively(dir);
        } catch (IOException ignored) {
          // a temporary directory left behind is all that is lost
        }
      }, "parti-tls-cleanup"));
      TestCertificates certs = new TestCertificates(dir, "CN=" + clientCommonName);
      certs.generate();
      return certs;
    } catch (IOException e) {
      throw new IllegalStateException("could not create test certificates", e);
    }
  }

  /** The client certificate's subject, as nats-server maps it to a user with {@code verify_and_map}. */
  public String clientSubject() {
    return clientSubject;
  }

  /**
   * A {@code tls} block for nats-server: its certificate for 127.0.0.1, and client certificates required and verified
   * against the CA, each mapped to the user named by its subject when {@code mapToUser}.
   */
  public String serverTlsBlock(boolean mapToUser) {
    return "tls {\n"
        + "  cert_file: \"" + dir.resolve("server.pem") + "\"\n"
        + "  key_file: \"" + dir.resolve("server-key.pem") + "\"\n"
        + "  ca_file: \"" + dir.resolve("ca.pem") + "\"\n"
        + (mapToUser ? "  verify_and_map: true\n" : "  verify: true\n")
        + "  timeout: 2\n"
        + "}\n";
  }

  /** A {@code tls} block for nats-server with its certificate only: clients verify the server and log in otherwise. */
  public String serverOnlyTlsBlock() {
    return "tls {\n"
        + "  cert_file: \"" + dir.resolve("server.pem") + "\"\n"
        + "  key_file: \"" + dir.resolve("server-key.pem") + "\"\n"
        + "  timeout: 2\n"
        + "}\n";
  }

  /** An SSLContext with the client's key and certificate, trusting only the CA. */
  public SSLContext clientContext() {
    return context(true);
  }

  /** An SSLContext that trusts only the CA and shows no certificate of its own (for {@link #serverOnlyTlsBlock}). */
  public SSLContext trustingContext() {
    return context(false);
  }

  private SSLContext context(boolean withClientCertificate) {
    try {
      KeyManagerFactory keys = null;
      if (withClientCertificate) {
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load("client.p12"), PASSWORD.toCharArray());
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(load("ca.p12"));
      SSLContext context = SSLContext.getInstance("TLSv1.3");
      context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
      return context;
    } catch (Exception e) {
      throw new IllegalStateException("could not build a client SSLContext from " + dir, e);
    }
  }

  private void generate() throws IOException {
    keytool("-genkeypair", "-alias", "ca", "-dname", "CN=parti-test-ca", "-ext", "bc:c", "-keystore", "ca.p12");
    keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-file", "ca.pem");
    issue("server", "CN=127.0.0.1", "san=ip:127.0.0.1", "eku=serverAuth");
    issue("client", clientSubject, "eku=clientAuth");
    writeKeyPem("server.p12", "server", "server-key.pem");
  }

  /** A key pair in {@code <name>.p12}, its certificate signed by the CA, the chain imported back and written as PEM. */
  private void issue(String name, String subject, String... extensions) throws IOException {
    String store = name + ".p12";
    keytool("-genkeypair", "-alias", name, "-dname", subject, "-keystore", store);
    keytool("-certreq", "-alias", name, "-keystore", store, "-file", name + ".csr");
    List<String> sign = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", "ca", "-keystore", "ca.p12",
        "-infile", name + ".csr", "-outfile", name + ".pem"));
    for (String extension : extensions) {
      sign.addAll(List.of("-ext", extension));
    }
    keytool(sign.toArray(String[]::new));
    keytool("-importcert", "-noprompt", "-alias", "ca", "-keystore", store, "-file", "ca.pem");
    keytool("-importcert", "-alias", name, "-keystore", store, "-file", name + ".pem");
  }

  /** nats-server reads a PKCS#8 PEM key; keytool cannot export one, the KeyStore API can. */
  private void writeKeyPem(String store, String alias, String file) throws IOException {
    try {
      byte[] pkcs8 = load(store).getKey(alias, PASSWORD.toCharArray()).getEncoded();
      String pem = "-----BEGIN PRIVATE KEY-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pkcs8)
          + "\n-----END PRIVATE KEY-----\n";
      Files.writeString(dir.resolve(file), pem, StandardCharsets.US_ASCII);
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException("cannot read the key " + alias + " from " + store, e);
    }
  }

  private KeyStore load(String store) throws IOException {
    try (InputStream in = Files.newInputStream(dir.resolve(store))) {
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      keyStore.load(in, PASSWORD.toCharArray());
      return keyStore;
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException("cannot load " + store, e);
    }
  }

  private void keytool(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(KEYTOOL));
    command.addAll(List.of(args));
    command.addAll(List.of("-storepass", PASSWORD, "-storetype", "PKCS12"));
    if (args[0].equals("-genkeypair")) {
      command.addAll(List.of("-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2", "-keypass", PASSWORD));
    }
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted running keytool", e);
    }
  }
}
