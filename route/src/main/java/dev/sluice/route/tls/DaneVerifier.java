package dev.sluice.route.tls;

import dev.sluice.route.dns.TlsaRecord;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;

/**
 * Matches a server's certificate chain against its TLSA records (RFC 6698 §2.1, RFC 7671, RFC 7672
 * §3). Only the usages SMTP may use are honoured: DANE-EE(3) matches the leaf and nothing else is
 * checked — not the name, not the dates (RFC 7672 §3.1.1: the key is pinned by DNSSEC, names and
 * expiry would only add ways to fail); DANE-TA(2) matches a certificate of the chain above the leaf,
 * which then anchors a PKIX validation of the leaf (signatures and dates), and the leaf must name the
 * MX host (RFC 7672 §3.2.2). PKIX-TA(0) and PKIX-EE(1) are unusable for SMTP (RFC 7672 §3.1.3).
 */
public final class DaneVerifier {

  /** The outcome: matched, or why not. */
  public record Result(boolean matched, String detail) {}

  private DaneVerifier() {}

  /** True for a record SMTP can use: usage 2 or 3, selector 0 or 1, matching type 0, 1 or 2. */
  public static boolean usable(TlsaRecord r) {
    return (r.usage() == 2 || r.usage() == 3) && (r.selector() == 0 || r.selector() == 1)
        && r.matchingType() >= 0 && r.matchingType() <= 2;
  }

  /** The usable records of an RRset. */
  public static List<TlsaRecord> usable(List<TlsaRecord> records) {
    return records.stream().filter(DaneVerifier::usable).toList();
  }

  /** Whether {@code chain} (leaf first) satisfies one of {@code records} for MX host {@code host}. */
  public static Result verify(List<TlsaRecord> records, List<X509Certificate> chain, String host) {
    if (chain.isEmpty()) {
      return new Result(false, "the server sent no certificate");
    }
    String taProblem = null;
    for (TlsaRecord r : usable(records)) {
      if (r.usage() == 3) {
        if (matches(r, chain.get(0))) {
          return new Result(true, "DANE-EE " + describe(r) + " matches the server's key");
        }
        continue;
      }
      for (int i = 1; i < chain.size(); i++) {
        if (!matches(r, chain.get(i))) {
          continue;
        }
        String problem = validateBelow(chain, i);
        if (problem == null && !CertificateCheck.namesHost(chain.get(0), host)) {
          problem = "the certificate does not name " + host;
        }
        if (problem == null) {
          return new Result(true, "DANE-TA " + describe(r) + " matches " + chain.get(i).getSubjectX500Principal().getName());
        }
        taProblem = "DANE-TA " + describe(r) + " matched an issuer, but " + problem;
      }
    }
    return new Result(false, taProblem != null ? taProblem : "the certificate matches none of the TLSA records");
  }

  /** PKIX from the leaf up to {@code chain[anchor]}, which is trusted as the anchor; null when valid. */
  private static String validateBelow(List<X509Certificate> chain, int anchor) {
    try {
      CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(chain.subList(0, anchor));
      PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(chain.get(anchor), null)));
      params.setRevocationEnabled(false); // no CRL/OCSP fetches from an MTA's delivery path
      CertPathValidator.getInstance("PKIX").validate(path, params);
      return null;
    } catch (GeneralSecurityException e) {
      return "the chain below it does not validate (" + e.getMessage() + ")";
    }
  }

  static boolean matches(TlsaRecord r, X509Certificate cert) {
    return MessageDigest.isEqual(association(cert, r.selector(), r.matchingType()), r.data());
  }

  private static String describe(TlsaRecord r) {
    return r.usage() + " " + r.selector() + " " + r.matchingType();
  }

  /** The association data of {@code cert} for {@code selector} and {@code matchingType} (tests, probe). */
  public static byte[] association(X509Certificate cert, int selector, int matchingType) {
    try {
      byte[] selected = selector == 0 ? cert.getEncoded() : cert.getPublicKey().getEncoded();
      return switch (matchingType) {
        case 0 -> selected;
        case 1 -> MessageDigest.getInstance("SHA-256").digest(selected);
        case 2 -> MessageDigest.getInstance("SHA-512").digest(selected);
        default -> throw new IllegalArgumentException("matching type 0-2");
      };
    } catch (CertificateEncodingException | java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
