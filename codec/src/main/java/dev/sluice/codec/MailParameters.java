package dev.sluice.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * ESMTP parameters of MAIL FROM. Immutable; start from {@link #NONE} and use the {@code with}
 * methods. Whether the server offered the matching extension is the client's business; this only
 * encodes.
 *
 * @param size the message size in octets for SIZE (RFC 1870), or -1 to leave it out
 * @param body BODY= (RFC 6152 / RFC 3030), or null to leave it out
 * @param smtpUtf8 whether to send the SMTPUTF8 keyword (RFC 6531)
 * @param ret RET= (RFC 3461), or null
 * @param envelopeId ENVID= (RFC 3461), sent as xtext, or null
 */
public record MailParameters(long size, BodyType body, boolean smtpUtf8, DsnReturn ret, String envelopeId) {

  public static final MailParameters NONE = new MailParameters(-1, null, false, null, null);

  public MailParameters {
    if (size < -1) {
      throw new IllegalArgumentException("size must be >= 0, or -1 for none: " + size);
    }
    if (envelopeId != null && (envelopeId.isEmpty() || envelopeId.length() > 100)) {
      throw new InvalidArgumentException("envid", "must be 1-100 characters (RFC 3461 4.4)", envelopeId);
    }
  }

  public MailParameters withSize(long size) {
    return new MailParameters(size, body, smtpUtf8, ret, envelopeId);
  }

  public MailParameters withBody(BodyType body) {
    return new MailParameters(size, body, smtpUtf8, ret, envelopeId);
  }

  public MailParameters withSmtpUtf8(boolean smtpUtf8) {
    return new MailParameters(size, body, smtpUtf8, ret, envelopeId);
  }

  public MailParameters withRet(DsnReturn ret) {
    return new MailParameters(size, body, smtpUtf8, ret, envelopeId);
  }

  public MailParameters withEnvelopeId(String envelopeId) {
    return new MailParameters(size, body, smtpUtf8, ret, envelopeId);
  }

  /** The parameters as they go on the wire, in a stable order. */
  public List<String> encode() {
    if (this.equals(NONE)) {
      return List.of();
    }
    List<String> out = new ArrayList<>(5);
    if (size >= 0) {
      out.add("SIZE=" + size);
    }
    if (body != null) {
      out.add("BODY=" + body.keyword());
    }
    if (smtpUtf8) {
      out.add("SMTPUTF8");
    }
    if (ret != null) {
      out.add("RET=" + ret.name());
    }
    if (envelopeId != null) {
      out.add("ENVID=" + Xtext.encode(envelopeId));
    }
    return List.copyOf(out);
  }
}
