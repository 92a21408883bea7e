package dev.sluice.client;

import dev.sluice.codec.BodyType;
import dev.sluice.codec.EhloCapabilities;
import dev.sluice.codec.MailParameters;
import dev.sluice.codec.RcptParameters;
import dev.sluice.codec.SmtpCommands;
import io.netty.handler.codec.smtp.SmtpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * How one message will be sent on this session: its commands with their ESMTP parameters, DATA or
 * BDAT, pipelined or lockstep. Made before anything is written, so that a message the server
 * cannot take (too large, 8-bit without 8BITMIME, non-ASCII addresses without SMTPUTF8) is refused
 * with a clear error instead of failing halfway.
 */
record TransactionPlan(SmtpRequest mail, List<SmtpRequest> rcpts, boolean bdat, boolean pipelined,
    boolean eightBitAllowed, boolean binary) {

  static TransactionPlan of(Envelope envelope, MessageContent content, EhloCapabilities caps,
      SmtpClientConfig config) {
    boolean binary = content.isBinary();
    if (binary && !(caps.chunking() && caps.binaryMime())) {
      throw new MessageRefusedException(MessageRefusedException.Reason.BINARYMIME_NOT_SUPPORTED,
          "binary content needs CHUNKING and BINARYMIME, and the server offers " + caps.keywords(),
          "send the message MIME-encoded (7-bit or 8-bit text) instead");
    }
    MailParameters params = MailParameters.NONE;
    if (content instanceof MessageContent.InMemory m && m.eightBitHeader()
        && (caps.smtpUtf8() || caps.eightBitMime())) { // no 8BITMIME either: refused below as 8-bit
      // RFC 6532 3.7 / RFC 6531: UTF-8 header fields need SMTPUTF8; 8BITMIME covers only the body.
      if (!caps.smtpUtf8()) {
        throw new MessageRefusedException(MessageRefusedException.Reason.SMTPUTF8_NOT_SUPPORTED,
            "the message's header has non-ASCII (UTF-8) characters and the server does not offer SMTPUTF8",
            "encode non-ASCII header text as RFC 2047 encoded-words (=?UTF-8?B?...?=) or use a server "
                + "that supports SMTPUTF8");
      }
      params = params.withSmtpUtf8(true);
    }
    if (envelope.needsSmtpUtf8()) {
      if (!caps.smtpUtf8()) {
        throw new MessageRefusedException(MessageRefusedException.Reason.SMTPUTF8_NOT_SUPPORTED,
            "an address has non-ASCII characters and the server does not offer SMTPUTF8",
            "use ASCII addresses (an IDNA A-label domain, e.g. xn--...) or a server that supports SMTPUTF8");
      }
      params = params.withSmtpUtf8(true);
    }
    OptionalLong size = content.size();
    OptionalLong limit = caps.sizeLimit();
    if (size.isPresent() && limit.isPresent() && size.getAsLong() > limit.getAsLong()) {
      throw new MessageRefusedException(MessageRefusedException.Reason.TOO_LARGE,
          "the message is " + size.getAsLong() + " bytes and the server accepts at most " + limit.getAsLong(),
          "make the message smaller (e.g. link to large attachments instead of attaching them)");
    }
    if (size.isPresent() && caps.sizeOffered()) {
      params = params.withSize(size.getAsLong());
    }
    Boolean eightBit = content.eightBit();
    boolean eightBitAllowed = caps.eightBitMime();
    if (binary) {
      params = params.withBody(BodyType.BINARY_MIME);
    } else if (Boolean.TRUE.equals(eightBit)) {
      if (!eightBitAllowed) {
        throw new MessageRefusedException(MessageRefusedException.Reason.EIGHT_BIT_NOT_SUPPORTED,
            "the message has 8-bit bytes and the server does not offer 8BITMIME",
            "encode the message as 7-bit (quoted-printable or base64 MIME parts)");
      }
      params = params.withBody(BodyType.EIGHT_BIT_MIME);
    } else if (eightBit == null && eightBitAllowed) {
      params = params.withBody(BodyType.EIGHT_BIT_MIME); // unknown until sent: declare what is allowed
    }
    RcptParameters rcptParams = RcptParameters.NONE;
    Envelope.Dsn dsn = envelope.dsn();
    if (dsn != null) {
      if (!caps.dsn()) {
        throw new MessageRefusedException(MessageRefusedException.Reason.DSN_NOT_SUPPORTED,
            "delivery status notifications were requested and the server does not offer DSN",
            "send without DSN options, or through a server that supports them");
      }
      params = params.withRet(dsn.ret()).withEnvelopeId(dsn.envelopeId());
      rcptParams = rcptParams.withNotify(dsn.notifyOn());
    }
    List<SmtpRequest> rcpts = new ArrayList<>(envelope.recipients().size());
    for (String r : envelope.recipients()) {
      RcptParameters p = dsn != null && dsn.originalRecipients() ? rcptParams.withOriginalRecipient(r) : rcptParams;
      rcpts.add(SmtpCommands.rcpt(r, p));
    }
    boolean bdat = binary || (caps.chunking() && config.chunking() == ChunkingPolicy.PREFER_BDAT);
    return new TransactionPlan(SmtpCommands.mail(envelope.from(), params), List.copyOf(rcpts), bdat,
        config.pipelining() && caps.pipelining(), eightBitAllowed, binary);
  }
}
