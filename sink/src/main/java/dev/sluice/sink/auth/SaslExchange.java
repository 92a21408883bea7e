package dev.sluice.sink.auth;

/**
 * The server side of one SASL exchange (RFC 4422), for one mechanism. It sees base64 text only —
 * no sockets, no SMTP replies; the session turns its steps into 334/235/535.
 */
public interface SaslExchange {

  /** Starts with the AUTH command's initial response ({@code "="} is an empty one), or null when none was sent. */
  SaslStep start(String initialResponse);

  /** The client's response to the last challenge (never {@code "*"}: the session handles cancelling). */
  SaslStep next(String response);
}
