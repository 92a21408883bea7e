package dev.sluice.client;

import java.time.Duration;

/** A phase took longer than its timeout; the connection was closed. */
public final class SmtpTimeoutException extends SmtpException {

  private final Duration timeout;
  private final boolean deliveryUnknown;

  public SmtpTimeoutException(SmtpPhase phase, Duration timeout, boolean deliveryUnknown) {
    super(phase, "timed out after " + pretty(timeout) + " " + phase.description(),
        phase == SmtpPhase.CONNECT ? "check the host, the port and any firewall in between"
            : phase == SmtpPhase.TOKEN ? "the token source (variable, file or command) did not answer; check it"
            : "the server is slow or stuck; raise the timeout or try again later", null);
    this.timeout = timeout;
    this.deliveryUnknown = deliveryUnknown;
  }

  public Duration timeout() {
    return timeout;
  }

  @Override
  public boolean isTransient() {
    return true;
  }

  @Override
  public boolean deliveryUnknown() {
    return deliveryUnknown;
  }

  private static String pretty(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
