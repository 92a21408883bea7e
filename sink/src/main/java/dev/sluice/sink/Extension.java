package dev.sluice.sink;

/**
 * An SMTP service extension the sink can advertise in its EHLO reply. STARTTLS and AUTH are not
 * here: they follow from the {@link TlsMode} and the {@link AuthMechanism}s configured.
 */
public enum Extension {
  /** RFC 2920. The sink processes pipelined commands in order either way; this only advertises it. */
  PIPELINING("PIPELINING"),
  /** RFC 1870: advertises the message size limit and refuses larger declared sizes with 552. */
  SIZE("SIZE"),
  /** RFC 6152: accepts {@code BODY=8BITMIME}. */
  EIGHT_BIT_MIME("8BITMIME"),
  /** RFC 6531: accepts the {@code SMTPUTF8} parameter and UTF-8 addresses with it. */
  SMTPUTF8("SMTPUTF8"),
  /** RFC 2034: replies carry RFC 3463 codes; when off, the sink's own replies omit them. */
  ENHANCED_STATUS_CODES("ENHANCEDSTATUSCODES"),
  /** RFC 3461: accepts and records RET, ENVID, NOTIFY and ORCPT. */
  DSN("DSN"),
  /** RFC 3030: BDAT. */
  CHUNKING("CHUNKING"),
  /** RFC 3030: {@code BODY=BINARYMIME}, which needs CHUNKING. */
  BINARYMIME("BINARYMIME");

  private final String keyword;

  Extension(String keyword) {
    this.keyword = keyword;
  }

  /** The EHLO keyword. */
  public String keyword() {
    return keyword;
  }
}
