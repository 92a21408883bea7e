package dev.sluice.client.sasl;

/** A SASL exchange cannot go on (a challenge out of place, or too many). */
public final class SaslException extends Exception {

  public SaslException(String message) {
    super(message);
  }
}
