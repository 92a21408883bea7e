package dev.sluice.codec;

import io.netty.handler.codec.DecoderException;

/**
 * The peer broke the SMTP syntax (RFC 5321 4.2 for replies, 4.1 for commands) or a safety limit.
 * The message names what was wrong and shows the offending bytes escaped; the connection it came
 * from must not be trusted for anything further.
 */
public final class SmtpProtocolException extends DecoderException {

  private final String offendingBytes;

  public SmtpProtocolException(String problem, String offendingBytes) {
    super(problem + (offendingBytes == null ? "" : ": \"" + offendingBytes + "\""));
    this.offendingBytes = offendingBytes;
  }

  /** The bytes that broke the rule, escaped for display; null when there are none to show. */
  public String offendingBytes() {
    return offendingBytes;
  }
}
