/**
 * The server side of SASL for the sink's AUTH: PLAIN, LOGIN and XOAUTH2 against a table of users,
 * one small class per mechanism behind {@link dev.sluice.sink.auth.SaslExchange}.
 *
 * <p>Must never know about sockets or SMTP replies, never log or print a secret, and never
 * compare secrets in a way whose time depends on where they differ.
 */
package dev.sluice.sink.auth;
