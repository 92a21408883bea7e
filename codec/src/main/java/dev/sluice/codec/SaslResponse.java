package dev.sluice.codec;

/**
 * A line answering a {@code 334} challenge during AUTH: base64, or {@code "*"} to cancel
 * (RFC 4954 4). Its content is a secret: {@link #toString()} never shows it.
 */
public record SaslResponse(String base64) {

  public static final SaslResponse CANCEL = new SaslResponse("*");

  public SaslResponse {
    Arguments.checkSaslPayload(base64);
  }

  @Override
  public String toString() {
    return "SaslResponse[" + (base64.equals("*") ? "*" : "<redacted " + base64.length() + " chars>") + "]";
  }
}
