package dev.sluice.sink.session;

import dev.sluice.codec.SmtpServerDecoder;
import dev.sluice.sink.fault.ConnectionFaults;
import dev.sluice.sink.fault.Decision;
import dev.sluice.sink.fault.FaultAction;
import dev.sluice.sink.fault.SmtpStep;
import io.netty.channel.ChannelHandlerContext;

/**
 * One connection's state, shared by the classes that handle its commands. Confined to the
 * connection's event loop.
 */
final class SessionState {

  final SessionSettings settings;
  final Replies replies;
  final Counters counters;
  final ChannelHandlerContext ctx;
  final SmtpServerDecoder decoder;
  final ReplyQueue out;
  /** Null when the sink injects nothing: the hot path then never asks. */
  final ConnectionFaults faults;
  final Transaction tx = new Transaction();

  Phase phase = Phase.COMMANDS;
  boolean greeted;
  /** The last HELO/EHLO argument; null before the first (and after STARTTLS). */
  String helo;
  boolean esmtp;
  boolean tlsActive;
  String tlsProtocol;
  /** Who authenticated, or null. */
  String user;
  /** Failed AUTH attempts on this connection (see {@link dev.sluice.sink.Limits#maxAuthFailures()}). */
  int authFailures;
  /** Command lines received (AUTH responses and message content excluded). */
  long commands;
  /** Set by a disconnect-mid fault on DATA, taken by the DATA command that follows. */
  long disconnectMidData;
  private boolean discardedCleartext;

  SessionState(SessionSettings settings, ChannelHandlerContext ctx, SmtpServerDecoder decoder, long index) {
    this.settings = settings;
    this.replies = settings.replies;
    this.counters = settings.counters;
    this.ctx = ctx;
    this.decoder = decoder;
    this.out = new ReplyQueue(ctx, settings.counters, decoder, settings.config.limits().writeTimeout());
    this.faults = settings.faults.isEmpty() ? null : settings.faults.forConnection(index);
  }

  void reply(byte[] reply) {
    out.add(reply);
  }

  /** Closes the connection once the replies already queued are written; ignores all further input. */
  void disconnect() {
    phase = Phase.CLOSING;
    out.close();
  }

  /** What the faults say about {@code step} now. */
  Decision decide(SmtpStep step) {
    return faults == null ? Decision.NONE : faults.decide(step, Math.max(0, commands - 1));
  }

  /**
   * Applies a decision: queues its delay, and performs its reply or disconnect. Returns true when
   * that replaced the normal handling of the event (which must then not happen).
   */
  boolean inject(Decision decision) {
    if (decision.isNone()) {
      return false;
    }
    counters.faults.add(decision.fired());
    if (decision.delay() != null) {
      out.delay(decision.delay());
    }
    FaultAction action = decision.action();
    if (action instanceof FaultAction.Disconnect) {
      disconnect();
      return true;
    }
    if (action instanceof FaultAction.Reply r) {
      reply(Replies.raw(r.code(), r.text()));
      if (r.closes()) {
        disconnect();
      }
      return true;
    }
    if (action instanceof FaultAction.DisconnectMidData mid) {
      disconnectMidData = mid.afterBytes();
    }
    return false;
  }

  /** Cleartext arrived behind STARTTLS and was thrown away; counted once per connection. */
  void discardedCleartext() {
    if (!discardedCleartext) {
      discardedCleartext = true;
      counters.startTlsDiscards.increment();
    }
  }

  /** RFC 3207 4.2: after the TLS handshake the client starts over; forget what it said before. */
  void forgetBeforeTls() {
    helo = null;
    esmtp = false;
    user = null;
    tx.reset();
  }
}
