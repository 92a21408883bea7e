package dev.sluice.client;

import dev.sluice.codec.Arguments;
import dev.sluice.codec.DsnNotify;
import dev.sluice.codec.DsnReturn;
import java.util.List;
import java.util.Set;

/**
 * Who a message is from and to, as given to MAIL FROM and RCPT TO (not the headers). Addresses
 * are checked when the envelope is made: a CR, LF or other control character, or a malformed
 * address, throws {@link dev.sluice.codec.InvalidArgumentException} before anything is sent.
 *
 * @param from the reverse path; {@code ""} is the null sender {@code <>} (bounces)
 * @param recipients the forward paths, at least one
 * @param dsn delivery status notification request (RFC 3461), or null
 */
public record Envelope(String from, List<String> recipients, Dsn dsn) {

  public Envelope {
    Arguments.checkMailbox("mail-from", from, true);
    recipients = List.copyOf(recipients);
    if (recipients.isEmpty()) {
      throw new IllegalArgumentException("an envelope needs at least one recipient");
    }
    for (String r : recipients) {
      Arguments.checkMailbox("rcpt-to", r, false);
    }
  }

  public static Envelope of(String from, String... recipients) {
    return new Envelope(from, List.of(recipients), null);
  }

  public static Envelope of(String from, List<String> recipients) {
    return new Envelope(from, recipients, null);
  }

  public Envelope withDsn(Dsn dsn) {
    return new Envelope(from, recipients, dsn);
  }

  /** True when any address needs SMTPUTF8 (RFC 6531). */
  public boolean needsSmtpUtf8() {
    if (!isAscii(from)) {
      return true;
    }
    for (int i = 0; i < recipients.size(); i++) {
      if (!isAscii(recipients.get(i))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /**
   * A DSN request: what to return, an envelope id, when to notify, and whether to send each
   * recipient as its own ORCPT.
   */
  public record Dsn(DsnReturn ret, String envelopeId, Set<DsnNotify> notifyOn, boolean originalRecipients) {
    public Dsn {
      notifyOn = notifyOn == null ? Set.of() : Set.copyOf(notifyOn);
    }
  }
}
