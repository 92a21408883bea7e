package dev.sluice.codec;

/** The MAIL FROM {@code BODY=} parameter (RFC 6152 8BITMIME, RFC 3030 BINARYMIME). */
public enum BodyType {
  SEVEN_BIT("7BIT"),
  EIGHT_BIT_MIME("8BITMIME"),
  /** Requires BDAT: the body is sent as is, line endings untouched. */
  BINARY_MIME("BINARYMIME");

  private final String keyword;

  BodyType(String keyword) {
    this.keyword = keyword;
  }

  /** The parameter value on the wire. */
  public String keyword() {
    return keyword;
  }
}
