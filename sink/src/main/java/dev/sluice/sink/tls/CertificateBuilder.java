package dev.sluice.sink.tls;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Issues test certificates. Immutable: every {@code with} method returns a new builder.
 *
 * <pre>{@code
 * CertifiedKey sink = CertificateBuilder.forHosts("localhost", "127.0.0.1").selfSigned();
 * CertifiedKey ca = CertificateBuilder.authority("Test CA").selfSigned();
 * CertifiedKey expired = CertificateBuilder.forHosts("localhost")
 *     .withValidity(Instant.now().minus(Duration.ofDays(30)), Instant.now().minus(Duration.ofDays(1)))
 *     .issuedBy(ca);
 * }</pre>
 */
public final class CertificateBuilder {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final String commonName;
  private final List<String> hosts;
  private final boolean authority;
  private final Instant notBefore;
  private final Instant notAfter;
  private final String keyAlgorithm;

  private CertificateBuilder(String commonName, List<String> hosts, boolean authority, Instant notBefore,
      Instant notAfter, String keyAlgorithm) {
    this.commonName = commonName;
    this.hosts = List.copyOf(hosts);
    this.authority = authority;
    this.notBefore = notBefore;
    this.notAfter = notAfter;
    this.keyAlgorithm = keyAlgorithm;
  }

  /**
   * A server certificate for these host names and IP addresses (subject alternative names; the
   * first is also the common name), valid from an hour ago for 30 days.
   */
  public static CertificateBuilder forHosts(String... hosts) {
    if (hosts.length == 0) {
      throw new IllegalArgumentException("at least one host name or IP address is needed");
    }
    Instant now = Instant.now();
    return new CertificateBuilder(hosts[0], List.of(hosts), false, now.minus(Duration.ofHours(1)),
        now.plus(Duration.ofDays(30)), "EC");
  }

  /** A certificate authority that can issue certificates with {@link #issuedBy}. */
  public static CertificateBuilder authority(String name) {
    Instant now = Instant.now();
    return new CertificateBuilder(name, List.of(), true, now.minus(Duration.ofHours(1)),
        now.plus(Duration.ofDays(365)), "EC");
  }

  public CertificateBuilder withValidity(Instant notBefore, Instant notAfter) {
    if (!notAfter.isAfter(notBefore)) {
      throw new IllegalArgumentException("notAfter must be after notBefore");
    }
    return new CertificateBuilder(commonName, hosts, authority, notBefore, notAfter, keyAlgorithm);
  }

  /** RSA 2048 instead of EC P-256, for peers that need it. */
  public CertificateBuilder withRsaKey() {
    return new CertificateBuilder(commonName, hosts, authority, notBefore, notAfter, "RSA");
  }

  /** Signs the certificate with its own key. */
  public CertifiedKey selfSigned() {
    KeyPair keys = generateKeys();
    X509Certificate cert = build(keys, name(commonName), keys, true);
    return new CertifiedKey(cert, keys.getPrivate(), List.of(cert));
  }

  /** Signs the certificate with {@code issuer}'s key; the chain holds the issuer's chain too. */
  public CertifiedKey issuedBy(CertifiedKey issuer) {
    KeyPair keys = generateKeys();
    X500Name issuerName = X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
    X509Certificate cert = build(keys, issuerName,
        new KeyPair(issuer.certificate().getPublicKey(), issuer.privateKey()), false);
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(cert);
    chain.addAll(issuer.chain());
    return new CertifiedKey(cert, keys.getPrivate(), chain);
  }

  private X509Certificate build(KeyPair subjectKeys, X500Name issuer, KeyPair issuerKeys, boolean self) {
    try {
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer,
          new BigInteger(64, RANDOM).abs().add(BigInteger.ONE), Date.from(notBefore), Date.from(notAfter),
          name(commonName), subjectKeys.getPublic());
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKeys.getPublic()));
      if (!self) {
        b.addExtension(Extension.authorityKeyIdentifier, false,
            ext.createAuthorityKeyIdentifier(issuerKeys.getPublic()));
      }
      if (authority) {
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      } else {
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true,
            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        b.addExtension(Extension.extendedKeyUsage, false,
            new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
        b.addExtension(Extension.subjectAlternativeName, false, subjectAltNames());
      }
      String sigAlg = issuerKeys.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
      ContentSigner signer = new JcaContentSignerBuilder(sigAlg).build(issuerKeys.getPrivate());
      return new JcaX509CertificateConverter().getCertificate(b.build(signer));
    } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
      throw new IllegalStateException("cannot issue a test certificate for " + commonName, e);
    }
  }

  private GeneralNames subjectAltNames() {
    List<GeneralName> names = new ArrayList<>();
    for (String host : hosts) {
      names.add(isIpAddress(host) ? new GeneralName(GeneralName.iPAddress, host)
          : new GeneralName(GeneralName.dNSName, host));
    }
    return new GeneralNames(names.toArray(GeneralName[]::new));
  }

  private static boolean isIpAddress(String host) {
    if (!host.matches("[0-9.]+|.*:.*")) {
      return false;
    }
    try {
      InetAddress.getByName(host);
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static X500Name name(String cn) {
    return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, cn).addRDN(BCStyle.O, "Sluice test").build();
  }

  private KeyPair generateKeys() {
    try {
      KeyPairGenerator gen = KeyPairGenerator.getInstance(keyAlgorithm);
      if (keyAlgorithm.equals("EC")) {
        gen.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      } else {
        gen.initialize(2048, RANDOM);
      }
      return gen.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate a " + keyAlgorithm + " key pair", e);
    }
  }
}
