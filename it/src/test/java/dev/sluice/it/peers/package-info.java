/**
 * The integration-test harness that runs real SMTP servers on 127.0.0.1 high ports: {@link
 * dev.sluice.it.peers.PostfixDovecot}, {@link dev.sluice.it.peers.Exim} and {@link
 * dev.sluice.it.peers.Aiosmtpd}, all {@link dev.sluice.it.peers.SmtpPeer}s; {@link
 * dev.sluice.it.peers.Peers} holds the shared user, paths and the skip-or-fail rule for missing
 * peers. See {@code it/README.md}.
 */
package dev.sluice.it.peers;
