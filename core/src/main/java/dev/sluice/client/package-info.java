/**
 * The Sluice SMTP client: session setup (greeting, EHLO, STARTTLS, AUTH), transactions with
 * pipelining, the connection pool and the bulk sender.
 *
 * <p>Must never: block an event loop, continue in cleartext when TLS was required, send
 * credentials in cleartext unless explicitly allowed, or lose track of a submitted message.
 */
package dev.sluice.client;
