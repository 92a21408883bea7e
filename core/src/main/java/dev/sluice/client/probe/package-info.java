/**
 * {@code sluice probe} as a library: {@link dev.sluice.client.probe.Probe} walks the usual SMTP
 * troubleshooting list — DNS, TCP connect, banner, EHLO, STARTTLS (or implicit TLS), TLS version and
 * cipher, certificate chain, host name and validity against the local clock, AUTH mechanisms and,
 * with credentials, a login — and returns a {@link dev.sluice.client.probe.ProbeReport}: one
 * {@link dev.sluice.client.probe.ProbeStep} per check with PASS, FAIL or SKIP, its time, what was
 * seen and, on failure, what to do.
 *
 * <p>The verdicts come from the client's own setup ({@link dev.sluice.client.SmtpClient#connect(
 * dev.sluice.client.SetupListener)}), so a probe that passes means {@code send} will get as far:
 * same TLS context, certificate checks, SASL and token refresh. Only to <em>show</em> what a
 * failed check was about (the certificate chain behind a TLS failure, what a port speaks when the
 * greeting never comes) does the probe open a second, unverified connection; that connection
 * never turns a FAIL into a PASS.
 *
 * <p>Must never: send a message (it stops after AUTH and says QUIT), wait without a bound (every
 * step has a timeout), or send credentials anywhere the client itself would not.
 */
package dev.sluice.client.probe;
