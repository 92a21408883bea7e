package dev.sluice.route;

import com.ibm.icu.text.IDNA;
import java.util.Locale;

/**
 * Mail domains as DNS asks for them: A-labels (IDNA 2008 by UTS #46, non-transitional, so that
 * {@code faß.de} stays {@code xn--fa-hia.de} and is not mapped to {@code fass.de} as IDNA 2003
 * and {@link java.net.IDN} would), lower case, no trailing dot.
 */
public final class DomainNames {

  private static final IDNA UTS46 = IDNA.getUTS46Instance(IDNA.NONTRANSITIONAL_TO_ASCII | IDNA.CHECK_BIDI
      | IDNA.CHECK_CONTEXTJ | IDNA.CHECK_CONTEXTO | IDNA.USE_STD3_RULES);

  private DomainNames() {}

  /**
   * {@code domain} as A-labels. Throws {@link IllegalArgumentException} naming the domain and what
   * is wrong with it (empty label, disallowed character, bidi rule…).
   */
  public static String toAscii(String domain) {
    String d = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
    if (d.isEmpty()) {
      throw new IllegalArgumentException("empty domain");
    }
    StringBuilder out = new StringBuilder();
    IDNA.Info info = new IDNA.Info();
    UTS46.nameToASCII(d, out, info);
    if (info.hasErrors()) {
      throw new IllegalArgumentException("the domain '" + printable(domain) + "' is not a valid IDNA 2008 name: "
          + info.getErrors());
    }
    String ascii = out.toString().toLowerCase(Locale.ROOT);
    if (ascii.length() > 253) {
      throw new IllegalArgumentException("the domain '" + printable(domain) + "' is longer than 253 characters");
    }
    return ascii;
  }

  /** The domain part of a mailbox (after the last '@'), or throws when there is none. */
  public static String domainOf(String mailbox) {
    int at = mailbox.lastIndexOf('@');
    if (at < 0 || at == mailbox.length() - 1) {
      throw new IllegalArgumentException("the address '" + printable(mailbox) + "' has no domain");
    }
    return mailbox.substring(at + 1);
  }

  /** True for an address literal such as {@code [192.0.2.1]} or {@code [IPv6:2001:db8::1]} (RFC 5321 §4.1.3). */
  public static boolean isAddressLiteral(String domain) {
    return domain.startsWith("[") && domain.endsWith("]");
  }

  private static String printable(String s) {
    StringBuilder sb = new StringBuilder();
    s.codePoints().forEach(c -> {
      if (c < 0x20 || c == 0x7f) {
        sb.append(String.format("\\x%02x", c));
      } else {
        sb.appendCodePoint(c);
      }
    });
    return sb.toString();
  }
}
