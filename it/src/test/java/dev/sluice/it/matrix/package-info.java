/**
 * The client matrix: Sluice's client against real servers (Postfix with Dovecot, exim, aiosmtpd)
 * on every port and TLS mode they offer, with every AUTH mechanism they offer, sending payloads
 * chosen to break things (10 MiB, 8-bit, SMTPUTF8, 50 recipients with refusals, the SMTP smuggling
 * vectors). What the server stored is compared with what we meant to send, after the one
 * normalisation each server documents; the client's per-recipient results with the server's
 * decisions; the server's own logs say which TLS, mechanism and transfer (DATA or BDAT) it saw.
 */
package dev.sluice.it.matrix;
