package dev.sluice.client;

import java.util.List;

/**
 * The Office 365 (Exchange Online) client-submission preset: {@value #HOST}:{@value #PORT} with
 * STARTTLS required, AUTH XOAUTH2 for an OAuth token or LOGIN for a password (Office 365 never
 * offers PLAIN), the user being the full user principal name. For many messages, pair it with
 * {@link dev.sluice.client.bulk.BulkConfig#OFFICE_365} (3 connections and 30 messages a minute per
 * mailbox); the replies it sends when something is wrong are explained by {@link ReplyHints}.
 *
 * <p>Basic authentication (a password) for SMTP is being switched off by default in Office 365 at
 * the end of 2026: use a token. The token source is asked at every connection and once more after
 * a {@code 535} (see {@link TokenSource}).
 *
 * <pre>{@code
 * SmtpClient client = SmtpClient.create(Office365.config(Credentials.oauth("me@contoso.com",
 *     TokenSource.command(List.of("/usr/local/bin/get-o365-token")))).build());
 * }</pre>
 */
public final class Office365 {

  public static final String HOST = "smtp.office365.com";
  /** Submission with STARTTLS; Office 365 does not offer implicit TLS (465) for client submission. */
  public static final int PORT = 587;
  /** What Office 365 offers after STARTTLS. */
  public static final List<String> MECHANISMS = List.of("LOGIN", "XOAUTH2");

  private Office365() {}

  /** The preset for {@code credentials}, ready to build or to adjust (trace, timeouts…). */
  public static SmtpClientConfig.Builder config(Credentials credentials) {
    return config(HOST, credentials);
  }

  /** The same preset against another host that speaks like Office 365 (a test double, a relay). */
  public static SmtpClientConfig.Builder config(String host, Credentials credentials) {
    return SmtpClientConfig.builder(host).port(PORT).tlsMode(TlsMode.STARTTLS_REQUIRED).credentials(credentials)
        .authMechanisms(mechanismsFor(credentials));
  }

  /** XOAUTH2 for a token, LOGIN for a password: the one mechanism of each kind Office 365 offers. */
  public static List<String> mechanismsFor(Credentials credentials) {
    return credentials instanceof Credentials.OAuth ? List.of("XOAUTH2") : List.of("LOGIN");
  }
}
