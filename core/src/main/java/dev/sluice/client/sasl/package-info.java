/**
 * SASL mechanisms for SMTP AUTH (RFC 4954): one small class per mechanism behind one two-method
 * interface, in the spirit of Go's {@code net/smtp}.
 *
 * <p>Must never know about sockets, log a secret, or let a CR, LF or NUL from a user name or
 * password change the meaning of a SASL message (identities are checked before encoding).
 */
package dev.sluice.client.sasl;
