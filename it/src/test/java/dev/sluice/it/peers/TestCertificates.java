package dev.sluice.it.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The peers' TLS material, made once per JVM with openssl: a throwaway CA ({@code ca.pem}, what a
 * client must trust; EC P-256) and a server certificate it signed for {@code CN=mx.example.test}
 * with {@code subjectAltName=DNS:mx.example.test,DNS:localhost,IP:127.0.0.1} ({@code cert.pem},
 * {@code key.pem}; RSA 2048, valid ten years). Each instance gets its own copies.
 */
final class TestCertificates {

  static final String CA = "ca.pem";
  static final String CERT = "cert.pem";
  static final String KEY = "key.pem";

  private static final String OPENSSL_CONFIG = """
      [req]
      distinguished_name = dn
      prompt = no
      [dn]
      CN = Sluice test CA
      [ca_ext]
      basicConstraints = critical, CA:TRUE
      keyUsage = critical, keyCertSign, cRLSign
      subjectKeyIdentifier = hash
      [server_ext]
      basicConstraints = critical, CA:FALSE
      keyUsage = critical, digitalSignature, keyEncipherment
      extendedKeyUsage = serverAuth
      subjectAltName = DNS:mx.example.test, DNS:localhost, IP:127.0.0.1
      subjectKeyIdentifier = hash
      authorityKeyIdentifier = keyid
      """;

  private static Path generated;

  private TestCertificates() {}

  /** Copies CA, certificate and key into {@code dir} (key mode 0600) and returns {@code dir}. */
  static Path copyInto(Path dir) throws IOException {
    Path source = generated();
    for (String name : List.of(CA, CERT, KEY)) {
      Files.copy(source.resolve(name), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      Files.setPosixFilePermissions(dir.resolve(name),
          PosixFilePermissions.fromString(name.equals(KEY) ? "rw-------" : "rw-r--r--"));
    }
    return dir;
  }

  private static synchronized Path generated() throws IOException {
    if (generated != null && Files.isRegularFile(generated.resolve(KEY))) {
      return generated;
    }
    Path dir = PeerFiles.createInstanceDirectory("certs");
    PeerFiles.write(dir.resolve("openssl.cnf"), OPENSSL_CONFIG, "rw-r--r--");
    String openssl = Peers.OPENSSL_BIN.toString();
    // an EC CA (key generation is instant; RSA 2048 takes up to a second here) signing an RSA
    // server key, the most widely usable kind
    openssl(dir, openssl, "req", "-x509", "-config", "openssl.cnf", "-extensions", "ca_ext",
        "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "3650",
        "-subj", "/CN=Sluice test CA", "-keyout", "ca.key", "-out", CA);
    openssl(dir, openssl, "req", "-new", "-config", "openssl.cnf", "-newkey", "rsa:2048",
        "-nodes", "-subj", "/CN=" + Peers.SERVER_NAME, "-keyout", KEY, "-out", "server.csr");
    openssl(dir, openssl, "x509", "-req", "-in", "server.csr", "-CA", CA, "-CAkey", "ca.key",
        "-set_serial", "0x" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1),
        "-days", "3650", "-extfile", "openssl.cnf", "-extensions", "server_ext", "-out", CERT);
    Files.delete(dir.resolve("ca.key")); // nobody gets to sign anything else with it
    Path finalDir = dir;
    Runtime.getRuntime().addShutdownHook(
        new Thread(() -> PeerFiles.deleteTree(finalDir), "sluice-peers-certs-cleanup"));
    generated = dir;
    return dir;
  }

  private static void openssl(Path dir, String... command) throws IOException {
    PeerFiles.Result result = PeerFiles.run(dir, 60, List.of(command));
    if (result.exitCode() != 0) {
      throw new IOException("openssl failed (" + result.exitCode() + "): " + String.join(" ", command)
          + "\n" + result.output());
    }
  }
}
