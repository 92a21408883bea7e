package dev.sluice.sink.session;

import dev.sluice.sink.TlsMode;
import io.netty.channel.ChannelPipeline;

/**
 * STARTTLS (RFC 3207). The CVE-2011-0411 defence lives here: whatever the client sent after the
 * STARTTLS line in cleartext is discarded, at the command and again when the TLS handler goes in,
 * so no pipelined (or injected) command is ever executed as if it came over TLS.
 */
final class StartTls {

  static final String HANDLER_NAME = "tls";

  private StartTls() {}

  static void command(SessionState s, String argument) {
    Replies replies = s.replies;
    if (s.settings.config.tls().mode() != TlsMode.STARTTLS) {
      s.reply(replies.notImplemented);
    } else if (s.tlsActive) {
      s.reply(replies.tlsActive);
    } else if (!argument.isEmpty()) {
      s.reply(replies.startTlsSyntax);
    } else if (s.tx.open()) {
      s.reply(replies.tlsInTransaction);
    } else {
      discardCleartext(s);
      s.phase = Phase.TLS_PENDING;
      s.reply(replies.startTlsGo);
      s.out.then(() -> install(s));
    }
  }

  /** Runs once the 220 is written: from here on every byte goes through TLS. */
  private static void install(SessionState s) {
    if (!s.ctx.channel().isActive()) {
      return;
    }
    // Anything that arrived while the 220 was held back is injected cleartext too.
    discardCleartext(s);
    ChannelPipeline pipeline = s.ctx.pipeline();
    pipeline.addFirst(HANDLER_NAME, s.settings.ssl.newHandler(s.ctx.alloc()));
    s.forgetBeforeTls();
    s.phase = Phase.COMMANDS;
  }

  private static void discardCleartext(SessionState s) {
    if (s.decoder.discardBuffered() > 0) {
      s.discardedCleartext();
    }
  }
}
