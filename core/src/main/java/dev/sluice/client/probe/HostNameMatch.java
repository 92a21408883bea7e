package dev.sluice.client.probe;

import java.net.IDN;
import java.net.InetAddress;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Which name of a certificate covers a host, by the rules the client's own check applies (RFC 6125
 * as HTTPS does it): an IP address against the IP entries of subjectAltName; a host name against
 * its DNS entries, a wildcard standing for exactly one leftmost label; the subject's CN only when
 * there is no DNS entry at all. The probe uses it to <em>show</em> the match, and to judge the host
 * name when the verified handshake stopped at an earlier certificate problem.
 */
final class HostNameMatch {

  private static final int DNS = 2;
  private static final int IP = 7;

  private HostNameMatch() {}

  /** The certificate's name that covers {@code host} ("DNS:…", "IP:…" or "CN=…"), if one does. */
  static Optional<String> find(String host, X509Certificate cert) {
    String target = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    InetAddress ip = ipLiteral(target);
    List<List<?>> alt = alternativeNames(cert);
    if (ip != null) {
      for (List<?> n : alt) {
        if ((Integer) n.get(0) == IP && ip.equals(ipLiteral(String.valueOf(n.get(1))))) {
          return Optional.of("IP:" + n.get(1));
        }
      }
      return Optional.empty();
    }
    String ascii = ascii(target);
    boolean anyDns = false;
    for (List<?> n : alt) {
      if ((Integer) n.get(0) == DNS) {
        anyDns = true;
        if (matches(ascii, String.valueOf(n.get(1)))) {
          return Optional.of("DNS:" + n.get(1));
        }
      }
    }
    if (!anyDns) {
      String cn = commonName(cert);
      if (cn != null && matches(ascii, cn)) {
        return Optional.of("CN=" + cn);
      }
    }
    return Optional.empty();
  }

  /** Every name the certificate is for, for messages: "DNS:a, IP:b", or the subject without them. */
  static String names(X509Certificate cert) {
    List<String> names = new ArrayList<>();
    for (List<?> n : alternativeNames(cert)) {
      int type = (Integer) n.get(0);
      if (type == DNS || type == IP) {
        names.add((type == DNS ? "DNS:" : "IP:") + n.get(1));
      }
    }
    return names.isEmpty() ? cert.getSubjectX500Principal().getName() : String.join(", ", names);
  }

  private static boolean matches(String host, String pattern) {
    String p = ascii(pattern.endsWith(".") ? pattern.substring(0, pattern.length() - 1) : pattern);
    if (!p.startsWith("*.")) {
      return host.equals(p);
    }
    int dot = host.indexOf('.');
    // The wildcard is one whole label, and at least two labels must follow it (no "*.com").
    return dot > 0 && p.indexOf('.', 2) > 0 && host.substring(dot).equals(p.substring(1));
  }

  private static String ascii(String name) {
    try {
      return IDN.toASCII(name, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return name.toLowerCase(Locale.ROOT);
    }
  }

  /** The address when {@code s} is an IPv4 or IPv6 literal (never a DNS lookup), else null. */
  private static InetAddress ipLiteral(String s) {
    String t = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
    boolean v4 = t.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean v6 = t.indexOf(':') >= 0 && t.matches("[0-9A-Fa-f:.%a-zA-Z]+");
    if (!v4 && !v6) {
      return null;
    }
    try {
      return InetAddress.getByName(t);
    } catch (java.net.UnknownHostException e) {
      return null;
    }
  }

  private static List<List<?>> alternativeNames(X509Certificate cert) {
    try {
      Collection<List<?>> alt = cert.getSubjectAlternativeNames();
      return alt == null ? List.of() : List.copyOf(alt);
    } catch (CertificateParsingException e) {
      return List.of();
    }
  }

  private static String commonName(X509Certificate cert) {
    try {
      LdapName dn = new LdapName(cert.getSubjectX500Principal().getName());
      String cn = null;
      for (Rdn rdn : dn.getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          cn = String.valueOf(rdn.getValue());
        }
      }
      return cn;
    } catch (InvalidNameException e) {
      return null;
    }
  }
}
