package dev.sluice.sink.handler;

import dev.sluice.sink.Recipient;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;

/**
 * A handler that answers recipients the way a big mailbox provider does: in the proportions you
 * set, a transient (4xx) or permanent (5xx) refusal with that provider's kind of text and RFC 3463
 * enhanced code (rate limiting, greylisting, unknown user, full mailbox, policy…), and always for
 * the local parts {@code tempfail} (a 4xx other than 421, which would close the connection) and
 * {@code permfail} (a 5xx), so that a test can count on them. Everything else is accepted.
 *
 * <pre>{@code
 * SmtpSink.builder().handler(ProviderProfile.gmail().transientFailures(0.10).permanentFailures(0.02).seed(7))
 * }</pre>
 *
 * <p>Immutable; thread-safe (one random stream per profile, seeded for repeatable runs).
 *
 * @param name the provider's name, for messages
 * @param transientReplies the 4xx replies to pick from
 * @param permanentReplies the 5xx replies to pick from
 * @param transientRate the share of recipients refused with a 4xx (0–1)
 * @param permanentRate the share refused with a 5xx (0–1)
 * @param seed the random seed
 */
public record ProviderProfile(String name, List<Verdict> transientReplies, List<Verdict> permanentReplies,
    double transientRate, double permanentRate, long seed, Random random) implements MessageHandler {

  public ProviderProfile {
    Objects.requireNonNull(name, "name");
    transientReplies = List.copyOf(transientReplies);
    permanentReplies = List.copyOf(permanentReplies);
    if (transientRate < 0 || permanentRate < 0 || transientRate + permanentRate > 1) {
      throw new IllegalArgumentException("the failure rates must be >= 0 and add up to at most 1 (100%)");
    }
    if (transientReplies.isEmpty() || permanentReplies.isEmpty()) {
      throw new IllegalArgumentException("a profile needs at least one 4xx and one 5xx reply");
    }
    random = new Random(seed);
  }

  /** Gmail-like replies (no failures until rates are set). */
  public static ProviderProfile gmail() {
    return of("gmail", List.of(
        Verdict.reject(421, "4.7.28 Unusual rate of unsolicited mail from your IP address: rate limited, try again later"),
        Verdict.reject(450, "4.2.1 The recipient is receiving mail too fast; try again later"),
        Verdict.reject(451, "4.3.0 Mail server temporarily rejected message")), List.of(
        Verdict.reject(550, "5.1.1 The email account that you tried to reach does not exist"),
        Verdict.reject(552, "5.2.2 The recipient's inbox is out of storage space"),
        Verdict.reject(550, "5.7.26 Unauthenticated email is not accepted due to the domain's DMARC policy")));
  }

  /** Outlook.com / Exchange Online-like replies. */
  public static ProviderProfile outlook() {
    return of("outlook", List.of(
        Verdict.reject(451, "4.7.500 Server busy. Please try again later"),
        Verdict.reject(452, "4.3.1 Insufficient system resources"),
        Verdict.reject(421, "4.7.0 Temporary server error. Please try again later")), List.of(
        Verdict.reject(550, "5.5.0 Requested action not taken: mailbox unavailable"),
        Verdict.reject(550, "5.4.1 Recipient address rejected: Access denied"),
        Verdict.reject(550, "5.7.1 Service unavailable, client host blocked")));
  }

  /** Yahoo-like replies. */
  public static ProviderProfile yahoo() {
    return of("yahoo", List.of(
        Verdict.reject(421, "4.7.0 [TSS04] Messages temporarily deferred due to unexpected volume or user complaints"),
        Verdict.reject(451, "4.3.2 Please try again later")), List.of(
        Verdict.reject(554, "5.7.9 Message not accepted for policy reasons"),
        Verdict.reject(550, "5.1.1 Requested mail action aborted, mailbox not found")));
  }

  private static ProviderProfile of(String name, List<Verdict> transients, List<Verdict> permanents) {
    return new ProviderProfile(name, transients, permanents, 0, 0, 0, null);
  }

  /** Refuses this share of recipients (0–1) with a 4xx. */
  public ProviderProfile transientFailures(double rate) {
    return new ProviderProfile(name, transientReplies, permanentReplies, rate, permanentRate, seed, null);
  }

  /** Refuses this share of recipients (0–1) with a 5xx. */
  public ProviderProfile permanentFailures(double rate) {
    return new ProviderProfile(name, transientReplies, permanentReplies, transientRate, rate, seed, null);
  }

  /** The random seed, for a repeatable sequence of answers. */
  public ProviderProfile seed(long seed) {
    return new ProviderProfile(name, transientReplies, permanentReplies, transientRate, permanentRate, seed, null);
  }

  @Override
  public Verdict recipient(String from, Recipient recipient) {
    String address = recipient.address();
    int at = address.lastIndexOf('@');
    String local = (at < 0 ? address : address.substring(0, at)).toLowerCase(Locale.ROOT);
    if (local.equals("tempfail")) {
      // a 4xx that keeps the connection (a 421 closes it, which would hide the other recipients' replies)
      List<Verdict> keeping = transientReplies.stream().filter(v -> v.code() != 421).toList();
      return pick(keeping.isEmpty() ? transientReplies : keeping);
    }
    if (local.equals("permfail")) {
      return pick(permanentReplies);
    }
    double draw;
    synchronized (random) {
      draw = random.nextDouble();
    }
    if (draw < transientRate) {
      return pick(transientReplies);
    }
    if (draw < transientRate + permanentRate) {
      return pick(permanentReplies);
    }
    return Verdict.accept();
  }

  private Verdict pick(List<Verdict> replies) {
    synchronized (random) {
      return replies.get(random.nextInt(replies.size()));
    }
  }

  @Override
  public String toString() {
    return name + " profile (" + transientRate + " 4xx, " + permanentRate + " 5xx)";
  }
}
