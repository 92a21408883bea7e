/**
 * High-volume sending: {@link dev.sluice.client.bulk.SmtpPool} keeps connections to one
 * destination and spreads messages over them (pipelined, one round trip per message);
 * {@link dev.sluice.client.bulk.BulkSender} adds what a bulk job needs on top — backpressure,
 * retries with backoff, and exact accounting: every submitted message ends in exactly one
 * {@link dev.sluice.client.bulk.Outcome.Status}.
 *
 * <p>Must never: buffer without bound (producers wait for capacity), resend a message whose fate
 * is unknown unless at-least-once delivery was asked for, reuse a broken connection, or block an
 * event loop.
 */
package dev.sluice.client.bulk;
