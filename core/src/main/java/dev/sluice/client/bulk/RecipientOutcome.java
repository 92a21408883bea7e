package dev.sluice.client.bulk;

import dev.sluice.codec.SmtpReply;

/**
 * How one recipient of a submitted message ended: exactly one per recipient. A message can be
 * DELIVERED to some recipients and REJECTED or FAILED for others (RFC 5321 4.5.3.1.10: recipients
 * that got a 4xx are tried again in a new transaction).
 *
 * @param address the recipient
 * @param status its final status (same meanings as the message's)
 * @param reply the server's last reply to its RCPT, or null when it never got that far
 */
public record RecipientOutcome(String address, Outcome.Status status, SmtpReply reply) {}
