package dev.sluice.dkim;

import java.util.List;
import java.util.Locale;

/**
 * The domain of the one From address: what the key table is looked up by and what DMARC aligns
 * with. A message with no From or several is refused: RFC 6376 §5.4 requires From to be signed,
 * and with two From fields what a receiver shows is not defined (an old spoofing trick).
 */
final class FromDomain {

  private FromDomain() {}

  static String of(List<HeaderField> fields) {
    HeaderField from = null;
    for (HeaderField f : fields) {
      if (f.is("From")) {
        if (from != null) {
          throw new DkimException(DkimException.Problem.SEVERAL_FROM, "the message has more than one From header; "
              + "a receiver may show either, so it is not signed: keep one");
        }
        from = f;
      }
    }
    if (from == null) {
      throw new DkimException(DkimException.Problem.NO_FROM, "the message has no From header; DKIM signs the From "
          + "header (RFC 6376 §5.4), so add one");
    }
    return domainOf(from.value());
  }

  /** The domain of the address in a From value: the one in angle brackets, or the bare addr-spec. */
  static String domainOf(String value) {
    String addr = value;
    int lt = value.lastIndexOf('<');
    int gt = value.lastIndexOf('>');
    if (lt >= 0 && gt > lt) {
      addr = value.substring(lt + 1, gt);
    } else {
      int paren = addr.indexOf('(');
      if (paren >= 0) {
        addr = addr.substring(0, paren);
      }
    }
    addr = addr.strip();
    int at = addr.lastIndexOf('@');
    String domain = at < 0 ? "" : addr.substring(at + 1).strip();
    if (domain.endsWith(".")) {
      domain = domain.substring(0, domain.length() - 1);
    }
    if (domain.isEmpty() || domain.indexOf(',') >= 0 || domain.indexOf(' ') >= 0) {
      throw new DkimException(DkimException.Problem.BAD_FROM, "cannot find one address with a domain in the From "
          + "header \"" + value + "\"; use From: Name <user@domain>");
    }
    return domain.toLowerCase(Locale.ROOT);
  }
}
