package dev.sluice.it.matrix;

/**
 * What a server stored for one recipient, and what its records say about how the message came in.
 *
 * @param recipient the envelope recipient this copy was delivered to
 * @param content the message as stored, without the trace headers the server added on top
 * @param tls whether the server saw the message over TLS
 * @param authMechanism the SASL mechanism the session authenticated with, per the server (upper case)
 * @param smtpUtf8 whether the server took the message as SMTPUTF8
 * @param chunked whether the data came by BDAT, per the server; null when the server does not say
 * @param source where it was stored (for failure messages)
 */
record Stored(String recipient, byte[] content, boolean tls, String authMechanism, boolean smtpUtf8,
    Boolean chunked, String source) {}
