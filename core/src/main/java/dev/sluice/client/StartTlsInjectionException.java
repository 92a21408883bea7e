package dev.sluice.client;

/**
 * After "220 Ready to start TLS" the server's side of the connection still held bytes (more replies,
 * or part of one): in a correct server nothing can follow that reply until the handshake, so they
 * were injected by a man in the middle (the NO-STARTTLS / CVE-2011-0411 family). The connection is
 * closed without starting TLS.
 */
public final class StartTlsInjectionException extends SmtpTlsException {

  public StartTlsInjectionException(int injectedBytes, int queuedReplies) {
    super(Reason.STARTTLS_INJECTION, SmtpPhase.STARTTLS,
        injectedBytes + " byte(s) and " + queuedReplies + " reply(ies) arrived with the 220 to STARTTLS", null);
  }

  @Override
  public boolean isTransient() {
    return false;
  }
}
