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
    String plain = plainAscii(d);
    if (plain != null) {
      return plain;
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

  /**
   * The common case without ICU (measured: ICU's UTS #46 was a visible part of the routing cost per
   * recipient): letters, digits and hyphens in labels of 1-63 characters, no hyphen at either end of
   * a label, no "xn--" label (those go through ICU to be checked). Returns the lower-case name, or
   * null when ICU must decide.
   */
  private static String plainAscii(String d) {
    if (d.length() > 253) {
      return null;
    }
    int labelStart = 0;
    boolean upper = false;
    for (int i = 0; i <= d.length(); i++) {
      char c = i == d.length() ? '.' : d.charAt(i);
      if (c == '.') {
        int len = i - labelStart;
        if (len == 0 || len > 63 || d.charAt(labelStart) == '-' || d.charAt(i - 1) == '-'
            || (len >= 4 && d.charAt(labelStart + 2) == '-' && d.charAt(labelStart + 3) == '-')) {
          return null;
        }
        labelStart = i + 1;
      } else if (c >= 'A' && c <= 'Z') {
        upper = true;
      } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
        return null;
      }
    }
    return upper ? d.toLowerCase(Locale.ROOT) : d;
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
