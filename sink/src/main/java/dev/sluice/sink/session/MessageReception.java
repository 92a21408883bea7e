package dev.sluice.sink.session;

import dev.sluice.codec.BdatCommand;
import dev.sluice.sink.Extension;
import dev.sluice.sink.StoredMessage;
import dev.sluice.sink.Transfer;
import dev.sluice.sink.fault.Decision;
import dev.sluice.sink.fault.FaultAction;
import dev.sluice.sink.fault.SmtpStep;
import io.netty.handler.codec.smtp.LastSmtpContent;
import io.netty.handler.codec.smtp.SmtpContent;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * DATA and BDAT: accepting or refusing them, taking in the content the decoder emits, and ending
 * the message with 250 (stored), 552 (too big), 550 (bare line endings, when refused) or an
 * injected fault.
 */
final class MessageReception {

  private static final System.Logger LOG = System.getLogger(MessageReception.class.getName());

  private final SessionState s;
  private final Replies replies;
  /** DATA content is arriving. */
  private boolean inData;
  /** The BDAT chunk being read, or null. */
  private BdatCommand chunk;
  /** The reply for a chunk that is read and dropped (RFC 3030 2: it must be consumed either way). */
  private byte[] chunkRefusal;
  private Decision chunkDecision = Decision.NONE;
  /** Close the connection once this many octets of the message arrived (0: never). */
  private long disconnectAfter;

  MessageReception(SessionState s) {
    this.s = s;
    this.replies = s.replies;
  }

  /** The DATA command. */
  void data(String argument) {
    long mid = s.disconnectMidData;
    s.disconnectMidData = 0;
    Transaction tx = s.tx;
    if (!argument.isEmpty()) {
      s.reply(replies.noArguments);
    } else if (!tx.open()) {
      s.reply(replies.needMail);
    } else if (tx.transfer != null) {
      s.reply(replies.dataInProgress);
    } else if (tx.recipients.isEmpty()) {
      s.reply(replies.needRecipients);
    } else if (tx.binaryMime) {
      s.reply(replies.binaryNeedsBdat);
    } else {
      s.reply(replies.dataGo);
      // Now, not when the 354 is written: the next bytes the decoder sees are the message.
      s.decoder.startData();
      tx.transfer = Transfer.DATA;
      tx.body = newBody();
      inData = true;
      disconnectAfter = mid;
    }
  }

  /** A BDAT command; its chunk follows as content, and its reply is due at the chunk's end. */
  void bdat(BdatCommand command, Decision decision, byte[] refusal) {
    Transaction tx = s.tx;
    chunk = command;
    chunkDecision = decision;
    chunkRefusal = refusal != null ? refusal
        : !s.settings.config.extensions().contains(Extension.CHUNKING) ? replies.notImplemented
        : !tx.open() ? replies.needMail
        : tx.transfer == Transfer.DATA ? replies.dataInProgress
        : tx.recipients.isEmpty() ? replies.needRecipients
        : null;
    if (decision.action() instanceof FaultAction.DisconnectMidData mid) {
      chunkDecision = new Decision(decision.delay(), null, decision.fired());
      disconnectAfter = chunkRefusal == null ? mid.afterBytes() : 0;
    }
    if (chunkRefusal == null && tx.body == null) {
      tx.transfer = Transfer.BDAT;
      tx.body = newBody();
    }
  }

  /** Message content from the decoder; the caller releases it. */
  void content(SmtpContent content) {
    if (!inData && chunk == null) {
      return;
    }
    boolean last = content instanceof LastSmtpContent;
    if (chunkRefusal == null) {
      MessageBody body = s.tx.body;
      body.add(content.content());
      boolean messageEnds = last && (inData || chunk.last());
      if (disconnectAfter > 0 && (body.received() >= disconnectAfter || messageEnds)) {
        abandon();
        s.counters.faults.increment();
        s.disconnect();
        return;
      }
    }
    if (last) {
      if (inData) {
        inData = false;
        finish(Transfer.DATA, s.decide(SmtpStep.DATA_END));
      } else {
        endChunk();
      }
    }
  }

  /** The connection is gone: drop whatever was being received. */
  void abandon() {
    inData = false;
    chunk = null;
    chunkRefusal = null;
    disconnectAfter = 0;
    s.tx.reset();
  }

  private void endChunk() {
    BdatCommand command = chunk;
    Decision decision = chunkDecision;
    byte[] refusal = chunkRefusal;
    chunk = null;
    chunkRefusal = null;
    chunkDecision = Decision.NONE;
    if (s.inject(decision)) {
      s.tx.reset(); // the client was told this chunk failed: the message is abandoned
    } else if (refusal != null) {
      s.reply(refusal);
    } else if (s.tx.body.oversized()) {
      s.reply(replies.tooBig);
      s.tx.reset();
    } else if (!command.last()) {
      s.reply(replies.chunkReceived(command.size()));
    } else {
      finish(Transfer.BDAT, s.decide(SmtpStep.DATA_END));
    }
  }

  private void finish(Transfer transfer, Decision decision) {
    disconnectAfter = 0;
    Transaction tx = s.tx;
    if (s.inject(decision)) {
      // refused or cut off by an injected fault: not stored
    } else if (tx.body.oversized()) {
      s.reply(replies.tooBig);
    } else if (transfer == Transfer.DATA && s.settings.config.refuseBareLineEndings()
        && s.decoder.bareLineEndings() > 0) {
      s.reply(replies.bareLineEnding);
    } else {
      accept(transfer);
    }
    tx.reset();
  }

  private void accept(Transfer transfer) {
    Transaction tx = s.tx;
    long size = tx.body.received();
    int recipients = tx.recipients.size();
    if (!s.settings.store.keepsData()) {
      if (s.settings.handler != null && HandlerVerdicts.refusedMessage(s, stored(transfer, new byte[0]))) {
        return;
      }
      count(size, recipients);
      s.reply(replies.queued);
      return;
    }
    StoredMessage message = stored(transfer, tx.body.takeBytes());
    String id = message.id();
    if (HandlerVerdicts.refusedMessage(s, message)) {
      return;
    }
    CompletableFuture<byte[]> reply = s.settings.store.store(message).handle((ok, error) -> {
      if (error != null) {
        LOG.log(Level.WARNING, "sink: cannot store message " + id, error);
        return replies.storeFailed;
      }
      count(size, recipients);
      return replies.queuedAs(id);
    }).toCompletableFuture();
    if (reply.isDone()) {
      s.out.add(reply.join());
    } else {
      s.out.addLater((CompletionStage<byte[]>) reply);
    }
  }

  private StoredMessage stored(Transfer transfer, byte[] data) {
    Transaction tx = s.tx;
    return new StoredMessage(s.settings.nextMessageId(), tx.from, tx.recipients, tx.mailParameters, data,
        transfer, s.tlsProtocol, s.user, s.helo, s.esmtp,
        s.ctx.channel().remoteAddress() instanceof InetSocketAddress client ? client : null, Instant.now());
  }

  private void count(long size, int recipients) {
    s.counters.messages.increment();
    s.counters.bytes.add(size);
    s.counters.recipients.add(recipients);
  }

  private MessageBody newBody() {
    return new MessageBody(s.ctx.alloc(), s.settings.config.limits().maxMessageSize(), s.settings.store.keepsData());
  }
}
