package dev.sluice.client;

import dev.sluice.codec.EhloCapabilities;
import dev.sluice.codec.SmtpReply;

/**
 * What a session learned while it was set up.
 *
 * @param greeting the server's 220 greeting
 * @param capabilities what the server offers, from the last EHLO (after TLS when TLS was started);
 *     {@link EhloCapabilities#NONE} after HELO
 * @param tls the TLS session, or null for a cleartext session
 * @param authMechanism the SASL mechanism that authenticated the session, or null
 * @param authenticatedUser the user it authenticated as, or null
 */
public record SessionInfo(SmtpReply greeting, EhloCapabilities capabilities, TlsInfo tls, String authMechanism,
    String authenticatedUser) {

  public boolean isTls() {
    return tls != null;
  }
}
