package dev.sluice.amqp;

import dev.sluice.client.MessageContent;
import dev.sluice.client.bulk.Outcome;
import dev.sluice.client.bulk.RetryPolicy;
import dev.sluice.route.MessageOutcome;
import dev.sluice.route.RecipientOutcome;
import dev.sluice.route.Router;
import dev.sluice.route.RouterConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link MailSender} over route's {@link Router} ({@code sluice worker --mx}): each mail to its
 * recipients' own MX hosts, one transaction per destination. One attempt per call — the router's
 * own retries are switched off, retries go through the broker's delay tiers — and the attempt says
 * which recipients are worth another try: a mail delivered to some recipients and refused for a
 * while by the others is retried for those others only ({@link Settlement}), so nobody gets it twice
 * because of someone else's greylisting.
 */
public final class RouterMailSender implements MailSender {

  private final Router router;

  private RouterMailSender(Router router) {
    this.router = router;
  }

  /**
   * A router from {@code config} with one attempt per mail: no retries, and a delivery whose fate
   * is unknown is reported UNKNOWN, never resent here.
   */
  public static RouterMailSender create(RouterConfig config) {
    RouterConfig once = new RouterConfig(config.heloName(), config.port(), config.dns(), config.shaping(),
        config.smarthost(), config.timeouts(), config.trust(), config.tlsPolicies(), RetryPolicy.NONE,
        config.maxInFlight(), false, config.transport(), config.ioThreads(), config.chunking(), config.trace(),
        config.dane(), config.mtaSts(), config.transform());
    return new RouterMailSender(Router.create(once));
  }

  @Override
  public CompletableFuture<Attempt> send(QueuedMail mail) throws InterruptedException {
    MessageContent content = MessageContent.of(mail.message());
    try {
      return router.submit(mail.envelope(), content).thenApply(RouterMailSender::attempt);
    } finally {
      content.release(); // the router holds its own reference until every recipient is done
    }
  }

  /**
   * One attempt's result. The status is the mail's as far as this attempt goes: DELIVERED when at
   * least one recipient got it (the others' fates are in the replies), else the recipients' common
   * fate. FAILED recipients (a 4xx, a host that did not answer, a DNS time-out: the router calls those
   * transient) are the ones to retry.
   */
  static Attempt attempt(MessageOutcome o) {
    List<OutcomeRecord.Reply> replies = new ArrayList<>(o.recipients().size());
    List<String> retry = new ArrayList<>();
    Set<String> hosts = new LinkedHashSet<>();
    StringBuilder errors = new StringBuilder();
    for (RecipientOutcome r : o.recipients()) {
      OutcomeRecord.Status s = OutcomeRecord.Status.valueOf(r.status().name());
      String text = r.reply() != null ? r.reply().text() : r.detail();
      replies.add(new OutcomeRecord.Reply(r.recipient(), r.reply() == null ? 0 : r.reply().code(),
          text == null ? null : WireFormat.printable(text), s));
      if (r.mxHost() != null) {
        hosts.add(r.mxHost());
      }
      if (r.status() == Outcome.Status.FAILED) {
        retry.add(r.recipient());
      }
      if (r.status() != Outcome.Status.DELIVERED) {
        if (errors.length() > 0) {
          errors.append("; ");
        }
        errors.append(r.recipient()).append(' ').append(r.status()).append(": ")
            .append(r.reply() != null ? r.reply().code() + " " + r.reply().text() : r.detail());
      }
    }
    OutcomeRecord.Status status = Settlement.summarize(replies);
    Throwable error = errors.length() == 0 ? null : new IllegalStateException(errors.toString());
    return new Attempt(status, null, error, !retry.isEmpty(), hosts.isEmpty() ? null : String.join(",", hosts),
        replies, retry);
  }

  public Router router() {
    return router;
  }

  @Override
  public void close() {
    router.close(); // waits for the mails in flight (up to a minute), then closes the connections
  }
}
