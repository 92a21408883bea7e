/**
 * Jakarta Mail on Sluice: a {@link jakarta.mail.internet.MimeMessage} as Sluice content
 * ({@link dev.sluice.jakarta.MessageContents}) and a Jakarta Mail {@link jakarta.mail.Transport}
 * provider, protocol {@code sluice} ({@link dev.sluice.jakarta.SluiceTransport}), so that code
 * written for Jakarta Mail or Spring's {@code JavaMailSender} sends through Sluice's pooled,
 * pipelined client without a code change.
 *
 * <p>Why it exists: applications build their messages with Jakarta Mail; this package adapts them,
 * it never re-implements MIME. What it must never do: parse or rewrite a message's MIME structure
 * itself (Jakarta Mail writes the bytes; Sluice only normalises line endings and dot-stuffs them),
 * fall back to cleartext or to Angus Mail's SMTP transport when Sluice fails, or log a password.
 */
package dev.sluice.jakarta;
