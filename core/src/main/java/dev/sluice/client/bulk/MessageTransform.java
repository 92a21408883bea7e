package dev.sluice.client.bulk;

import dev.sluice.client.Envelope;
import dev.sluice.client.MessageContent;

/**
 * Changes each message once before it is sent — DKIM signing is the case in point. The bulk sender
 * runs it on a bounded pool of worker threads, never on an event loop: a signature costs more CPU
 * than the SMTP transaction that carries it.
 */
@FunctionalInterface
public interface MessageTransform {

  /**
   * The content to send instead of {@code content}: a new reference that the sender releases when
   * the message's outcome is known. {@code content} stays the caller's (do not release it). Called
   * once per message, not per attempt. Throwing refuses the message: nothing is sent and its outcome
   * is {@link Outcome.Status#FAILED} with the exception as the error.
   */
  MessageContent apply(Envelope envelope, MessageContent content) throws Exception;
}
