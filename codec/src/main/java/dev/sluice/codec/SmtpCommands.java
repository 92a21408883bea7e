package dev.sluice.codec;

import io.netty.handler.codec.smtp.DefaultSmtpRequest;
import io.netty.handler.codec.smtp.SmtpCommand;
import io.netty.handler.codec.smtp.SmtpRequest;

/**
 * Builds the client's commands, validated before anything is written. Reuses Netty's
 * {@link SmtpCommand}/{@link SmtpRequest} types and adds what netty-codec-smtp lacks (STARTTLS,
 * BDAT, ESMTP parameters, argument checks on every field).
 *
 * @see SmtpCommandEncoder
 */
public final class SmtpCommands {

  public static final SmtpCommand STARTTLS = SmtpCommand.valueOf("STARTTLS");
  public static final SmtpCommand BDAT = SmtpCommand.valueOf("BDAT");

  private static final SmtpRequest STARTTLS_REQUEST = new DefaultSmtpRequest(STARTTLS);
  private static final SmtpRequest DATA_REQUEST = new DefaultSmtpRequest(SmtpCommand.DATA);
  private static final SmtpRequest RSET_REQUEST = new DefaultSmtpRequest(SmtpCommand.RSET);
  private static final SmtpRequest NOOP_REQUEST = new DefaultSmtpRequest(SmtpCommand.NOOP);
  private static final SmtpRequest QUIT_REQUEST = new DefaultSmtpRequest(SmtpCommand.QUIT);

  private SmtpCommands() {}

  public static SmtpRequest ehlo(String domain) {
    Arguments.checkDomain("ehlo", domain);
    return new DefaultSmtpRequest(SmtpCommand.EHLO, domain);
  }

  public static SmtpRequest helo(String domain) {
    Arguments.checkDomain("helo", domain);
    return new DefaultSmtpRequest(SmtpCommand.HELO, domain);
  }

  public static SmtpRequest startTls() {
    return STARTTLS_REQUEST;
  }

  /** {@code AUTH mechanism} without an initial response. */
  public static SmtpRequest auth(String mechanism) {
    Arguments.checkMechanism(mechanism);
    return new DefaultSmtpRequest(SmtpCommand.AUTH, mechanism);
  }

  /**
   * {@code AUTH mechanism initial-response} (RFC 4954 SASL-IR); an empty initial response is sent
   * as {@code "="}. The response is a secret: traces must redact it.
   */
  public static SmtpRequest auth(String mechanism, String initialResponseBase64) {
    Arguments.checkMechanism(mechanism);
    String ir = initialResponseBase64.isEmpty() ? "=" : initialResponseBase64;
    Arguments.checkSaslPayload(ir);
    return new AuthWithResponse(mechanism, ir);
  }

  /**
   * AUTH with an initial response. Netty's {@code DefaultSmtpRequest.toString()} prints every
   * parameter; this one never prints the response, so no log line or exception message built from
   * the request can carry a password or a token.
   */
  private record AuthWithResponse(String mechanism, String initialResponse) implements SmtpRequest {
    @Override
    public SmtpCommand command() {
      return SmtpCommand.AUTH;
    }

    @Override
    public java.util.List<CharSequence> parameters() {
      return java.util.List.of(mechanism, initialResponse);
    }

    @Override
    public String toString() {
      return "AuthRequest[" + mechanism + " <redacted " + initialResponse.length() + " chars>]";
    }
  }

  /** {@code MAIL FROM:<reversePath>}; the empty string is the null reverse path {@code <>}. */
  public static SmtpRequest mail(String reversePath) {
    return mail(reversePath, MailParameters.NONE);
  }

  public static SmtpRequest mail(String reversePath, MailParameters parameters) {
    Arguments.checkMailbox("mail-from", reversePath, true);
    return new PathCommand(SmtpCommand.MAIL, "FROM:", reversePath, parameters.encode());
  }

  public static SmtpRequest rcpt(String forwardPath) {
    return rcpt(forwardPath, RcptParameters.NONE);
  }

  public static SmtpRequest rcpt(String forwardPath, RcptParameters parameters) {
    Arguments.checkMailbox("rcpt-to", forwardPath, false);
    return new PathCommand(SmtpCommand.RCPT, "TO:", forwardPath, parameters.encode());
  }

  public static SmtpRequest data() {
    return DATA_REQUEST;
  }

  public static SmtpRequest rset() {
    return RSET_REQUEST;
  }

  public static SmtpRequest noop() {
    return NOOP_REQUEST;
  }

  public static SmtpRequest quit() {
    return QUIT_REQUEST;
  }

  /** True for AUTH, whose arguments are secrets that traces must not show. */
  public static boolean isSensitive(SmtpRequest request) {
    return request.command().equals(SmtpCommand.AUTH) && request.parameters().size() > 1;
  }
}
