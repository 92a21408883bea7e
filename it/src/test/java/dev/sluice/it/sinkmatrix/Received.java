package dev.sluice.it.sinkmatrix;

/**
 * What a sink stored for one recipient.
 *
 * @param data the message exactly as stored (dot-stuffing removed)
 * @param tls whether it came over TLS
 * @param authenticatedUser who the session authenticated as, or null
 * @param from the envelope sender
 */
record Received(byte[] data, boolean tls, String authenticatedUser, String from) {}
