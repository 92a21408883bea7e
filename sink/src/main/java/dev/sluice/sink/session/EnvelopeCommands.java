package dev.sluice.sink.session;

import dev.sluice.codec.Arguments;
import dev.sluice.codec.InvalidArgumentException;
import dev.sluice.sink.Recipient;
import dev.sluice.sink.SinkConfig;

/** MAIL FROM and RCPT TO: the envelope of a transaction. */
final class EnvelopeCommands {

  private final SessionState s;
  private final Replies replies;
  private final SinkConfig config;
  private final ParameterCheck check;

  EnvelopeCommands(SessionState s, ParameterCheck check) {
    this.s = s;
    this.replies = s.replies;
    this.config = s.settings.config;
    this.check = check;
  }

  void mail(String line) {
    if (s.helo == null) {
      s.reply(replies.needHelo);
    } else if (config.tls().required() && !s.tlsActive) {
      s.reply(replies.tlsRequired);
    } else if (config.auth().required() && s.user == null) {
      s.reply(replies.authRequired);
    } else if (s.tx.open()) {
      s.reply(replies.nestedMail);
    } else {
      PathArgument path = PathArgument.parse(line, 5, "FROM:");
      byte[] refusal = path == null ? replies.mailSyntax
          : !path.address().isEmpty() && !isMailbox(path.address(), true) ? replies.badSender
          : check.mail(path.parameters(), config.authOffered(s.tlsActive));
      if (refusal == null && !isAscii(path.address()) && !path.parameters().containsKey("SMTPUTF8")) {
        refusal = replies.utf8Required;
      }
      if (refusal != null) {
        s.reply(refusal);
      } else {
        s.tx.begin(path.address(), path.parameters());
        s.reply(replies.mailOk);
      }
    }
  }

  void rcpt(String line) {
    Transaction tx = s.tx;
    if (!tx.open()) {
      s.reply(replies.needMail);
      return;
    }
    if (tx.transfer != null) {
      s.reply(replies.dataInProgress);
      return;
    }
    PathArgument path = PathArgument.parse(line, 5, "TO:");
    byte[] refusal = path == null ? replies.rcptSyntax
        : !isMailbox(path.address(), false) ? replies.badRecipient
        : check.rcpt(path.parameters());
    if (refusal == null && !tx.smtpUtf8 && !isAscii(path.address())) {
      refusal = replies.utf8Required;
    }
    if (refusal == null && tx.recipients.size() >= config.limits().maxRecipients()) {
      refusal = replies.tooManyRecipients;
    }
    if (refusal != null) {
      s.reply(refusal);
    } else {
      Recipient recipient = new Recipient(path.address(), path.parameters());
      if (!HandlerVerdicts.refusedRecipient(s, tx.from, recipient)) {
        tx.recipients.add(recipient);
        s.reply(replies.rcptOk);
      }
    }
  }

  private static boolean isMailbox(String address, boolean allowEmpty) {
    try {
      Arguments.checkMailbox("address", address, allowEmpty);
      return true;
    } catch (InvalidArgumentException e) {
      return false;
    }
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }
}
