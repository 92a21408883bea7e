package dev.sluice.client;

import dev.sluice.codec.SmtpReply;
import java.util.List;

/**
 * The server's word on every part of one transaction: MAIL, each recipient, and the data (the reply
 * to the final dot or to BDAT LAST). A message counts as accepted when the data reply is positive;
 * it was then accepted for exactly the recipients whose RCPT was accepted.
 *
 * @param mailReply the reply to MAIL FROM
 * @param recipients one entry per RCPT TO, in order
 * @param dataReply the reply that ended the transaction; null if it never got that far
 * @param usedBdat whether the data went by BDAT (CHUNKING) rather than DATA
 */
public record SendResult(SmtpReply mailReply, List<RecipientResult> recipients, SmtpReply dataReply,
    boolean usedBdat) {

  public SendResult {
    recipients = List.copyOf(recipients);
  }

  /** True when the server took responsibility for the message (for the accepted recipients). */
  public boolean accepted() {
    return dataReply != null && dataReply.isPositive();
  }

  public List<RecipientResult> acceptedRecipients() {
    return recipients.stream().filter(RecipientResult::accepted).toList();
  }

  public List<RecipientResult> rejectedRecipients() {
    return recipients.stream().filter(r -> !r.accepted()).toList();
  }
}
